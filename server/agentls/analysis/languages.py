"""Actions in prompts written in other languages: a small vocabulary per language.

The English analysis (`actions`) reads predicates word by word. For Spanish, Portuguese, French,
German, Japanese, Chinese and Korean prompts, only phrases that cannot mean anything else are
read: handing work to another agent, changing a file named as such ("update this file", "guarda
el informe en un archivo") or by its path ("guarda el informe en `docs/x.md`"), and writing or
implementing code. A negation next to the phrase ("no modificar ningún archivo", "ne modifie aucun
fichier", "ファイルを作成しない") makes it a prohibition, blanket when its object is any file at all
(or files with no qualifier, in Japanese, Chinese and Korean). User gates live in `user_gates`.
"""

from __future__ import annotations

import re

from agentls.lazy import compile_later

from agentls.analysis.actions import SHELL_COMMANDS, Act, Action, may_hold

_DELEGATE = [
    r"\bdeleg(?:ar|a|á|ue|uen|ando)\s+(?:la\s+tarea\s+|el\s+trabajo\s+|esto\s+)?(?:a|al|a\s+la|en\s+el|en\s+la)\s",  # es ("delegá": voseo)
    r"\bllam(?:a|e|ar|ás|ad|es)\s+(?:a|al)\s+(?:un\s+|una\s+|el\s+|la\s+|los\s+|otros\s+|otras\s+)?(?:`[a-z0-9]+(?:-[a-z0-9]+)*`|(?:sub-?)?agentes?\b)",  # es: "llama a un `reviewer`"
    r"\bdeleg(?:ar|a|ue|ando)\s+(?:a\s+tarefa\s+|o\s+trabalho\s+)?(?:ao|à|para\s+o|para\s+a)\s",  # pt
    # es, pt, fr: "Delega cuando el problema cruza el borde: velas → `candle-specialist`"
    r"\b(?:deleg(?:a|á|ue|uen)|d[ée]l[èée]gu(?:e|ez))\s+(?:cuando|si|quando|se|quand|lorsque)\b[^.\n]{0,80}?(?::|→|->)\s*(?:[^.\n`]{0,30}?(?:→|->)\s*)?`[a-z0-9]+(?:-[a-z0-9]+)+`",
    r"\bd[ée]l[èée]gu(?:er|e|ez)\s+(?:la\s+t[âa]che\s+|le\s+travail\s+)?(?:à|au|aux)\s",  # fr
    r"\ban\s+(?:den|die|das)\s+\S+(?:-Agent(?:en)?)?\s+(?:delegieren|übergeben)\b|\bdelegiere\s+(?:an|die)\b",  # de
    r"(?:エージェント|`?[a-z0-9]+(?:-[a-z0-9]+)+`?\s*)に?(?:委(?:任|譲|託)|(?:タスクを)?任せ)",  # ja ("Serviceに委譲": to a class of the code, not an agent)
    r"委派给|委托给|交给\S{0,12}(?:代理|智能体|agent)",  # zh
    r"(?:通知|调度|派发给?|分派给?)\s*`?[a-z0-9]+(?:-[a-z0-9]+)+`?(?!\s*(?:技能|工具|脚本|命令|skill|tool|script|command|MCP))",  # zh: "通知 cover-letter-writer 读取简历"
    r"에게\s*(?:작업을\s*)?위임|에이전트에\s*위임",  # ko ("service에 위임": to a place in the code, not an agent)
    r"`?[a-z0-9]+(?:-[a-z0-9]+)+`?\s*(?:에이전트|agent|서브에이전트)?\s*(?:을|를)?\s*호출",  # ko: "qa-validator 호출" (call an agent by its kebab-case name)
]
_FILE_WORD = r"(?:archivos?|ficheros?|documentos?|arquivos?|fichiers?|Dateie?n?|Dokumente?)\b"
_MODIFY = [
    r"\b(?:actuali[zc]|modifi(?:c|qu)|edit|cre|escrib|guard)\w*\s+(?:el|este|ese|esa|los|estos|esos|un|una|la|esta|las|ning[uú]n|ninguna)?\s*" + _FILE_WORD,  # es
    r"\b(?:atualiz|modific|edit|cri|escrev|salv|grav)\w*\s+(?:o|este|os|um|uma|a|esta|nenhum|nenhuma)?\s*" + _FILE_WORD,  # pt
    r"\b(?:mett\w*\s+à\s+jour|modifi|édit|cré|écri|enregistr|sauvegard)\w*\s+(?:le|ce|les|un|une|la|cette|aucun|aucune)?\s*" + _FILE_WORD,  # fr
    r"\b" + _FILE_WORD + r"\w*\s+(?:\S+\s+){0,2}(?:aktualisier|anleg|schreib|speicher|änder|bearbeit|erstell)\w*",  # de
    r"(?:ファイル|ドキュメント)を(?:更新|作成|編集|書き|保存|変更)|(?:ファイル|ドキュメント)(?:へ|に)の?(?:保存|書き込み|書込|変更|編集)",  # ja
    r"(?:更新|创建|創建|编辑|編輯|写入|寫入|保存|修改|改动|改動|改|删除|刪除)\S{0,4}?(?:文件|檔案|文档)",  # zh ("不改仓库文件")
    r"(?:파일|문서)(?:을|를)\s*(?:업데이트|작성|수정|생성|저장|편집)",  # ko
    r"(?:파일|문서)\s*(?:직접\s*)?(?:업데이트|작성|수정|생성|저장|편집)(?=\s*(?:절대\s*)?금지)",  # ko: "파일 직접 수정 금지" (no particle: only a prohibition)
]
# a file named by its path, in a code span: "`docs/plan.md`", "`./analysis/facts.md`"
_PATH = r"`(?:~/|\.{0,2}/)?[\w.<>{}\[\]*$-]+(?:/[\w.<>{}\[\]*$-]+)*(?:/|\.[A-Za-z]{1,5})`"  # placeholders too: `task-<id>/`
_BEFORE_PATH = r"\s+(?:[^\s`.;:]+\s+){0,4}?"  # "guarda el informe en ", "mets à jour "
_MODIFY_PATH = [
    r"\b(?:actualiz[ae]|actualizar|modifi(?:ca|que|car)|edit(?:a|e|ar)|cre(?:a|e|ar)|escrib(?:e|a|ir)|guard(?:a|e|ar))" + _BEFORE_PATH + _PATH,  # es
    r"\b(?:atualiz(?:e|a|ar)|modifi(?:que|ca|car)|edit(?:e|a|ar)|cri(?:e|a|ar)|escrev(?:a|e|er)|salv(?:e|a|ar))" + _BEFORE_PATH + _PATH,  # pt
    r"(?:\bmet(?:s|tez|tre)\s+à\s+jour|\bmodifi(?:e|ez|er)|\bédit(?:e|ez|er)|\bcré(?:e|ez|er)|\bécri(?:s|vez|re)|\benregistr(?:e|ez|er)|\bsauvegard(?:e|ez|er))" + _BEFORE_PATH + _PATH,  # fr
    r"\b(?:aktualisiere|speichere|schreibe|erstelle|ändere|bearbeite)" + _BEFORE_PATH + _PATH
    + r"|" + _PATH + r"\s+(?:\S+\s+){0,2}(?:aktualisieren|anlegen|schreiben|speichern|ändern|bearbeiten|erstellen)\b",  # de
    _PATH + r"\s*(?:を|に|へ)\s*(?:更新|作成|編集|書き|保存|変更|出力|追記)",  # ja
    _PATH + r"\s*の[^。\n]{0,30}?(?:を|に)[^。\n]{0,20}?(?:更新|編集|書き換え|追記|変更|修正)",  # ja: "`SPRINTS.md` の該当スプリントを ... に更新"
    r"(?:更新|创建|創建|编辑|編輯|写入|寫入|保存(?:到|至|在)?|修改|输出到|輸出到)\s*" + _PATH,  # zh
    _PATH + r"\s*(?:을|를|에|으로|로)\s*(?:업데이트|작성|수정|생성|저장|편집|기록)",  # ko
]
_NEGATION = compile_later(
    r"(?:\bno\b|\bnunca\b|\bjamás\b|\bnão\b|\bnem\b|\bne\b|\bn['’]|\bjamais\b|\bnicht\b|\bkeine?\w*\b|\bnie\b|\bikke\b|\binte\b|\bniet\b|\bsin\b|\bsem\b|\bsans\b|ない|禁止|不要|不得|不|别|않|금지|말)\W*(?:\w+\W+){0,2}$",
    re.I,
)
# Japanese and Korean negate after the verb: "作成しないでください", "생성하지 않습니다"
_NEGATION_AFTER = compile_later(r"\S{0,3}?(?:しない|しません|せず|禁止|してはいけない|してはならない|[かさたらわまがば]ない|[かさたらわまがば]ず|하지\s*(?:않|마|말)|지\s*(?:않|마|말)|금지)[^\s.。！!？?]*")
# a prohibition said at the end of the clause: "코드 작성/수정 절대 금지", "修改代码是禁止的"
_CLAUSE_NEGATION = compile_later(r"금지|않|마세요|마십시오|말\s*것|禁止|不要|不得|しない|しません|ないで|ないこと|[かさたらわまがば]ない")
_CLAUSE_END = compile_later(r"[.。!！?？,，;；\n]")
_ANY_FILE = compile_later(r"ning[uú]n|nenhum|aucun|keine|任何|어떤|いかなる", re.I)  # "no file at all" (a negation inside the phrase)
# CJK files with no qualifier, or the repository's / project's: "ファイルへの保存を行わない", "不修改文件", "不改仓库文件"
_REPO_WORD = compile_later(r"仓库|倉庫|项目|項目|リポジトリ|プロジェクト|저장소|프로젝트")
_NOUN_FIRST = compile_later(r"(?:ファイル|파일)")
_BARE_VERB_NOUN = compile_later(r"^\S{1,2}(?:文件|檔案|文档)$")

_ANY_AGENT = compile_later(r"\b(?:otros|otras|los)\s+(?:sub-?)?agentes\b|\bagentes\b", re.I)  # "no llames a otros agentes": every delegation

_WRITE_CODE = [
    r"\bimplement(?:a|e|ar|á)\s+(?:los\s+|las\s+|el\s+|la\s+)?(?:cambios|c[oó]digo|funcionalidad(?:es)?)\b",  # es: "implementa cambios"
    r"\bimplement(?:e|a|ar)\s+(?:as\s+|os\s+|a\s+|o\s+)?(?:mudan[cç]as|altera[cç][oõ]es|c[oó]digo|funcionalidades?)\b",  # pt
    r"\bimpl[ée]mente[rz]?\s+(?:les\s+|le\s+|la\s+)?(?:changements|modifications|code|fonctionnalit[ée]s?)\b",  # fr
    r"\b(?:escrib\w*|gener(?:es|e|en|ar))\s+(?:el\s+|ning[uú]n\s+)?c[oó]digo\b",  # es: "escribe código", "no generes código" (not "genera": also "it generates")
    r"\b(?:escrev\w*|ger(?:e|ar))\s+(?:o\s+|nenhum\s+)?c[oó]digo\b",  # pt: "escreva código", "não gere código"
    r"\b(?:[ée]cri\w*|g[ée]n[ée]re[rz])\s+(?:pas\s+|jamais\s+)?(?:du\s+|de\s+|le\s+|aucun\s+)?code\b",  # fr: "écris du code", "ne générez pas de code"
    r"\bschreib\w*\s+(?:(?:keinen|den|einen|selbst)\s+)*Code\b|\bCode\s+(?:zu\s+)?schreiben\b",  # de
    r"コードを(?:直接)?(?:書|記述|実装|修正|変更|編集)",  # ja
    r"(?:写|寫|编写|編寫|修改|改动|改動|编辑|編輯)(?:任何)?(?:代码|代碼)",  # zh
    r"(?:(?<![가-힣])(?<!(?![는은이가도서고면며게로와과])[가-힣]\s)|(?<=소스)|(?<=소스\s))코드(?:를|는|은)?\s*(?:직접\s*)?(?:작성|구현|수정|변경|편집|쓰(?=지\s*(?:않|마|말)))",  # ko ("코드를 직접 수정하지 않음", "코드는 쓰지 않는다"; "테스트 코드" is a kind of code, as "test code" is)
]
# running a command named in a code span: "ejecuta `npm test`", "Kjør `npm run build`", "运行 `pytest`"
# (verbs English spells too, as "execute", are left to the English reading)
_RUN_VERB = (r"\b(?:ejecut(?:a|e|ar|á|en)|corr(?:e|a|er|é)|execut(?:a|ar)|rod(?:e|a|ar)|exécut(?:e|ez|er)|execut(?:er|ez)|lance[rz]?|"
             r"f[üu]hre|f[üu]hren|starte|esegui(?:re)?|voer|kj[øo]r|kør|kör|uruchom)\b")
_RUN = compile_later(
    _RUN_VERB + r"\s+(?:[^\s`.;:]+\s+){0,3}?`\$?\s*(?P<c1>[\w.-]+)[^`]*`"
    r"|(?:运行|執行|执行|運行|跑)\s*`\$?\s*(?P<c2>[\w.-]+)[^`]*`"
    r"|`\$?\s*(?P<c3>[\w.-]+)[^`]*`\s*(?:を|을|를)?\s*(?:実行|실행)", re.I)
# the impersonal "se" before the verb (es, pt, fr): "cuando se crean/modifican archivos"
_IMPERSONAL = compile_later(r"\b(?:se|si)\s+(?:[^\s/]+/)*$", re.I)
# a subjunctive for someone else: "peça que rode `git diff`", "pídele que ejecute `npm test`"
_SOMEONE_ELSE = compile_later(r"\b(?:que|qu['’]|dass|daß|che)\s+$", re.I)
# a negation after the verb or its object: "Kjør aldri `git push`", "Führe `git push` nicht aus"
_RUN_NOT = compile_later(r"\b(?:aldri|aldrig|ikke|inte|nie|niemals|nicht|nooit|niet|jamais|pas|mai)\b", re.I)
_RUN_PRECHECK = compile_later(_RUN_VERB + r"|运行|執行|执行|運行|跑|実行|실행", re.I)


# a sentence that opens with a condition: "Si ...", "Wenn ...", "Quand ...", "もし", "如果", "만약"
_CONDITION_OPENS = compile_later(r"^\W*(?:(?:si|se|cuando|quando|quand|lorsque|lorsqu['’]|wenn|falls|sofern|caso|als)\b|もし|如果|若是|만약)", re.I)
_SENTENCE_END = compile_later(r"[.!?。！？]\s|\n")


def _sentence_before(text: str, at: int) -> str:
    """The part of the sentence of `text` that comes before `at`."""
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, at):
        start = m.end()
    return text[start:at]


def _runs(text: str) -> list[re.Match]:
    """The commands this text runs, in another language: a known command's code span after a verb of running."""
    return [m for m in _RUN.finditer(text) if (m.group("c1") or m.group("c2") or m.group("c3")).lower() in SHELL_COMMANDS
            and _SOMEONE_ELSE.search(text, max(0, m.start() - 8), m.start()) is None]


_WRITES_CODE = compile_later("|".join(f"(?:{p})" for p in _WRITE_CODE), re.I)
_DELEGATES = compile_later("|".join(f"(?:{p})" for p in _DELEGATE), re.I)
_MODIFIES = compile_later("|".join(f"(?:{p})" for p in _MODIFY + _MODIFY_PATH), re.I)
_PRECHECK = compile_later(r"deleg|llam|impl[ée]ment|d[ée]l[èée]gu|委|通知|调度|派发|分派|위임|호출|任せ|交给|" + _FILE_WORD + r"|ファイル|ドキュメント|文件|檔案|文档|파일|문서|c[oó]digo|\bcode\b|コード|代码|代碼|코드|"
                       + _PATH + "|" + _RUN_PRECHECK.pattern, re.I)


# The words of `_PRECHECK` an ASCII text can hold, as `actions.words` cuts them (lowercase letter runs).
_ASCII_WORDS = frozenset(
    "llama llame llamar llamas llamad llames implementa implemente implementar implementer implementez "
    "delegar delega delegue deleguen delegando delegiere delegieren deleguer deleguez archivo archivos fichero ficheros "
    "documento documentos arquivo arquivos fichier fichiers datei dateien dokument dokumente codigo schreiben schreibe schreibst "
    # the verbs of `_MODIFY_PATH` that ASCII text can spell
    "actualiza actualize actualizar modifica modifique modificar edita edite editar crea cree crear escribe escriba escribir "
    "guarda guarde guardar atualize atualiza atualizar cria crie criar escreva escreve escrever salve salva salvar "
    "mets mettez mettre modifie modifiez modifier enregistre enregistrez enregistrer sauvegarde sauvegardez sauvegarder "
    "aktualisiere speichere erstelle bearbeite aktualisieren anlegen speichern bearbeiten erstellen "
    # the verbs of `_RUN` that ASCII text can spell
    "ejecuta ejecute ejecutar ejecuten corre corra correr executa executar rode roda rodar executer executez lance lancer "
    "lancez fuhre fuhren starte esegui eseguire voer kjor uruchom".split()
)


def may_act(text: str, lows: list[str] | None = None) -> bool:
    """False when `other_language_actions(text)` is certainly empty (`lows`: `actions.words(text)`)."""
    return may_hold(text, lows, _ASCII_WORDS, _PRECHECK)


def other_language_actions(text: str) -> list[Action]:
    """Delegations and file changes written in another language, each with its polarity."""
    if not text:
        return []
    out = []
    for pattern, act in ((_DELEGATES, Act.DELEGATE), (_MODIFIES, Act.MODIFY_FILES), (_WRITES_CODE, Act.WRITE_CODE), (None, Act.RUN_COMMANDS)):
        for m in pattern.finditer(text) if pattern is not None else _runs(text):
            negative = (_NEGATION.search(text[max(0, m.start() - 30) : m.start()]) is not None
                        or _NEGATION_AFTER.match(text, m.end()) is not None or _ANY_FILE.search(m.group(0)) is not None
                        or _CLAUSE_NEGATION.search(_CLAUSE_END.split(text[m.end() : m.end() + 20], 1)[0]) is not None
                        or act == Act.RUN_COMMANDS and _RUN_NOT.search(text, m.start(), m.end() + 12) is not None)
            # blanket: "ningún archivo" and nothing after it; "aucun fichier source (sur `server/`)" is limited
            bare = re.match(r"\s*(?:[.;:,!)—–、。，；！-]|$)", _NEGATION_AFTER.sub("", text[m.end() :], count=1)) is not None
            g = m.group(0)
            unqualified = act == Act.MODIFY_FILES and (_REPO_WORD.search(g) is not None or _BARE_VERB_NOUN.match(g) is not None
                                                       or (_NOUN_FIRST.match(g) is not None and not re.search(r"\w", text[max(0, m.start() - 4) : m.start()])))
            blanket = negative and (bare and (act == Act.WRITE_CODE or act == Act.MODIFY_FILES and _ANY_FILE.search(m.group(0)) is not None)
                                    or unqualified
                                    or act == Act.DELEGATE and _ANY_AGENT.search(m.group(0)) is not None)
            if blanket and _CONDITION_OPENS.match(_sentence_before(text, m.start())):
                blanket = False  # "Si la fase es anterior, detente: no escribes código": only under that condition
            if not negative and _IMPERSONAL.search(text, max(0, m.start() - 24), m.start()):
                continue  # "Se crean/modifican archivos": what happens (a condition), not what to do
            out.append(Action(act, m.start(), m.end(), negative, blanket))
    return out
