"""Instructions that gate the agent's work on the user: approval, confirmation, review, an answer.

A sub-agent cannot wait on the user mid-task (C005). Besides the imperatives `actions` reads
("ask the user", "wait for approval"), a gate is often a condition ("never push without the
user's explicit approval", "only merge once the user has signed off") or written in another
language. Each pattern names the user (or a human) and a gate word together, in one phrase:
a user merely mentioned ("when the user clicks Save") is no gate. Vocabularies per language.
"""

from __future__ import annotations

import re

from agentls.lazy import compile_later

from agentls.analysis.actions import VIA_CALLER, may_hold

_GATE_NOUN = r"(?:approval|confirmation|consent|permission|sign-?off|go-ahead|green\s+light|authori[sz]ation|direction|ok(?:ay)?|review)"
_WHO = r"(?:the\s+|a\s+|an\s+)?(?:user|human|requester|(?:product\s+|code\s+|project\s+|repo(?:sitory)?\s+)?owner|(?:developer|maintainer)(?![\s-]*(?:agent|sub-?agent)s?\b))"
_WHO_S = _WHO + r"(?:'s|’s|s')?"

# the user or the operator in the singular ("пользователя"): "согласие пользователей" is the product's users' consent
_RU_USER = r"(?:пользовател(?:ь|я|ю|ем|е)|оператор(?:а|у|ом|е)?)(?!\w)"

_ENGLISH = [
    # never X without the user's (explicit) approval / without explicit user confirmation
    rf"\bwithout\s+(?:the\s+|an?\s+|any\s+)?(?:explicit\s+|prior\s+|express\s+|written\s+|direct\s+)?{_WHO_S}\s+(?:explicit\s+|prior\s+|express\s+|written\s+)?(?:\w+\s+)?{_GATE_NOUN}",
    r"\bwithout\s+(?:the\s+)?(?:user|human)\s+(?:\w+\s+){0,2}(?:approving|confirming|signing\s+off|agreeing|consenting|saying\s+so)",
    rf"\bwithout\s+(?:explicit\s+|prior\s+|express\s+)?{_GATE_NOUN}\s+(?:from|by)\s+{_WHO}\b",
    # require / get / seek the user's approval; ask for user confirmation
    rf"\b(?:requires?|get|obtain|seek|request|ask\s+for|await)\s+(?:the\s+|an?\s+)?(?:explicit\s+|prior\s+|written\s+)?{_WHO_S}\s+(?:explicit\s+|prior\s+|written\s+)?{_GATE_NOUN}",
    rf"\b(?:require|requires|get|obtain|seek|request|ask\s+for)\s+(?:explicit\s+|prior\s+|written\s+)?{_GATE_NOUN}\s+(?:from|of)\s+{_WHO}\b",
    r"\b(?:user|human)(?:'s|’s)?\s+(?:explicit\s+|prior\s+)?(?:approval|confirmation|sign-?off|go-ahead|consent)\s+(?:is\s+|are\s+)?(?:required|needed|mandatory|first)\b",
    # "bulk changes need user approval" (the user by that name: "needs human review" is work for a person)
    r"\bneeds?\s+(?:the\s+)?(?:explicit\s+|prior\s+|written\s+)?user(?:'s|’s)?\s+(?:explicit\s+|prior\s+|written\s+)?(?:approval|confirmation|consent|sign-?off|go-ahead|permission)\b",
    # only run them after explicit user confirmation / upon the user's approval
    rf"\b(?:after|until|upon|following|pending)\s+(?:the\s+|an?\s+)?(?:explicit\s+|prior\s+|written\s+)?{_WHO_S}\s+(?:explicit\s+|written\s+)?{_GATE_NOUN}",
    rf"\b(?:after|until|upon|following|pending)\s+(?:explicit\s+|prior\s+|written\s+)?{_GATE_NOUN}\s+(?:from|by)\s+{_WHO}\b",
    # only merge once / until the user has approved
    r"\b(?:until|once|after|unless)\s+(?:the\s+|a\s+)?(?:user|human|requester|developer|maintainer)\s+(?:has\s+|have\s+|explicitly\s+)*(?:approved|approves|confirmed|confirms|signed\s+off|signs\s+off|agreed|agrees|okayed|replied|replies|responded|responds|answered|answers|gave\s+the\s+go-ahead|is\s+on\s+board|is\s+happy\s+with|says\s+(?:yes|so)|said\s+(?:yes|so))",
    # present / show the plan to the user for review; let the user review it before applying
    r"\b(?:present|show|submit|propose)\w*\b[^;\n]{0,80}?\bto\s+the\s+(?:user|human|developer|maintainer)\b[^.;\n]{0,30}?\b(?:for\s+(?:review|approval|confirmation|sign-?off|feedback)|and\s+wait|before\s+(?:proceeding|continuing|applying|implementing|saving|writing|making|running|executing|committing|pushing|deleting))",
    r"\blet\s+the\s+(?:user|human)\s+(?:review|approve|confirm|decide|choose)\b[^.;\n]{0,80}?\bbefore\b",
    r"^\W*(?:\d+[.)]\s*)?(?:then\s+)?let\s+the\s+(?:user|human)\s+(?:review|approve|confirm)\b",  # a step: "4. Let the user review."
    r"\b(?:only|never)\b[^.;\n]{0,80}?\b(?:after|once|until|when)\b[^.;\n]{0,80}?\band\s+the\s+(?:user|human)\s+(?:is\s+on\s+board|has\s+approved|approves|agrees|has\s+agreed|says\s+yes)",
    r"\b(?:refine|iterate|discuss|agree|align|validate|share|review|confirm|check)\w*\b[^.;\n]{0,60}?\bwith\s+the\s+(?:user|human)\b[^.;\n]{0,40}?\bbefore\b",
    # a section on when to ask: "## When to ask the user"
    r"^\W*when\s+to\s+(?:ask|consult|involve|check\s+with|confirm\s+with|escalate\s+to)\s+the\s+(?:user|human)\b",
    # until the user sends "GO"; without discussing it with the user first; (ask the user first)
    r"\buntil\s+(?:the\s+)?(?:user|human)\s+(?:explicitly\s+)?(?:sends|says|gives|types|picks|chooses|selects)\b",
    rf"\bwithout\s+(?:first\s+)?(?:discussing|checking|consulting|talking|confirming|agreeing|clearing)\s+(?:it\s+|this\s+|that\s+|them\s+)?(?:first\s+)?with\s+{_WHO}\b",
    # "never recommend X without framing it as a change and asking the user"
    r"\bwithout\s+(?:[^.;:\n]{0,80}?\band\s+)?(?:first\s+)?(?:explicitly\s+)?(?:asking|consulting)\s+(?:the\s+)?(?:user|human)\b",
    r"\(\s*(?:ask|check\s+with|confirm\s+with)\s+the\s+(?:user|human)\b",
    r"\bshow\s+the\s+(?:user|human)\b[^.;\n]{0,80}?\bbefore\s+(?:any\s+|each\s+|every\s+|the\s+)?(?:destructive|applying|proceeding|running|executing|making|committing|pushing|deleting|writing|changing)",
    # "invoke the user for input when requirements are ambiguous", "consult the user for a decision"
    r"\b(?:invoke|consult|involve|engage)\s+the\s+(?:user|human)\s+(?:for|to\s+(?:get|obtain|provide|give))\s+(?:their\s+|an?\s+)?(?:input|feedback|confirmation|approval|clarification|decisions?|guidance|answers?|direction)\b",
    # double-check with the user; notify the user before proceeding (and so wait for them)
    rf"\bdouble[\s-]?check\w*\s+with\s+{_WHO}",
    r"\b(?:notify|inform|alert|warn|tell)\s+the\s+(?:user|human)\b[^.;\n]{0,40}?\bbefore\s+(?:proceeding|continuing|going\s+on|you\s+(?:proceed|continue))",
]

# ask for confirmation, no one named, as "ask for confirmation" in English: "demande confirmation avant de push"
_ASK_UNNAMED = (
    r"\bdemande[rsz]?\s+(?:une\s+|la\s+|ta\s+|votre\s+)?(?:confirmation|validation|approbation)\b|"
    r"\b(?:pid[ae]|pedir|solicit[ae]|solicitar)\s+(?:la\s+|una\s+)?(?:confirmaci[oó]n|aprobaci[oó]n)\b|"
    r"\b(?:pe[çc]a|pedir|solicite|solicitar)\s+(?:a\s+|uma\s+)?(?:confirma[çc][ãa]o|aprova[çc][ãa]o)\b|"
    r"\b(?:bitte|bitten)\s+(?:\w+\s+){0,2}?um\s+(?:eine\s+|die\s+)?(?:Best[äa]tigung|Freigabe)\b"
)
_ASK_UNNAMED_RE = compile_later(_ASK_UNNAMED, re.I)
# A sentence that opens with its subject, something named ("El escritorio rechaza ... y pide
# confirmación"): "pide", "demande" are then the third person, what that thing does.
_NAMED_SUBJECT = compile_later(r"(?:^|[.!?;\n]\s*)(?:[-*]\s+)?(?:El|La|Los|Las|O|A|Os|As|Le|Les|Un|Una|Um|Uma|Une|Este|Esta|Ce|Cette|Der|Die|Das)\s+[^.!?;\n]*$")

_OTHER = [
    # Spanish / Portuguese: aprobación / confirmación del usuario; preguntar al usuario; presentar al usuario
    r"(?:pregunt\w*|consult\w*|confirm\w*|pedir\w*|pida\w*|pergunt\w*|pe[çc]a\w*|solicit\w*|present\w*|mostr\w*|verifi\w*|valid\w*)(?:\s+\w+){0,2}?(?<!ado)(?<!ada)(?<!ido)(?<!ida)(?<!ados)(?<!adas)(?<!idos)(?<!idas)\s+(?:al|ao|à|a\s+la|con\s+el|com\s+o)\s+(?:usuari[oa]|usu[aá]ri[oa]|utilizador)",
    # (not "validar el chat_id vinculado al usuario": what is linked to the user)
    # decidir / construir / definir junto al usuario: the work is done with the user
    r"(?:decid|acord|defin|constru|dise[ñn]|elegi|escolh)\w*\b[^;.\n]{0,60}?\b(?:junto\s+(?:al|con\s+el|ao|com\s+o)|con\s+el|com\s+o)\s+(?:usuari[oa]|usu[aá]ri[oa])",
    r"(?:present|mostr|ense[ñn])\w*\b[^;\n]{0,60}?\b(?:al|ao)\s+(?:usuari[oa]|usu[aá]rio)\s+para\s+(?:su\s+|sua\s+)?(?:revisi[oó]n|aprobaci[oó]n|validaci[oó]n|revis[aã]o|aprova[cç][aã]o|valida[cç][aã]o)",
    r"pr[ée]sente[rz]?\b[^;\n]{0,60}?\b[àa]\s+l['’]\s*utilisat(?:eur|rice)\s+pour\s+(?:validation|approbation|relecture|revue)",
    r"dem\s+(?:Benutzer|Nutzer|Anwender|User)\b[^;\n]{0,60}?\bzur\s+(?:Pr[üu]fung|Freigabe|Best[äa]tigung|Abnahme)",
    r"sin\s+(?:la\s+)?(?:aprobaci[oó]n|confirmaci[oó]n|autorizaci[oó]n)\s+(?:expl[ií]cita\s+)?del\s+usuari[oa]|sem\s+(?:a\s+)?(?:aprova[cç][aã]o|confirma[cç][aã]o|autoriza[cç][aã]o)\s+(?:expl[ií]cita\s+)?do\s+usu[aá]rio",
    # French: attends la sélection / la validation de l'utilisateur ("Attend la sélection user avant d'écrire le code")
    r"\battend(?:s|re|ez)?\s+(?:la\s+|le\s+|l['’]\s*)?(?:s[ée]lection|choix|r[ée]ponse|retour|validation|accord|feu\s+vert|go)\s+(?:de\s+l['’]\s*|du\s+|de\s+)?(?:user|utilisat(?:eur|rice))",
    # French: confirmation de l'utilisateur; demander à l'utilisateur; confirmation humaine
    r"(?:demande[rz]?|interroge[rz]?|consulte[rz]?)\s+(?:[\w'’]+\s+){0,3}?(?:[àa]\s+)?l['’]\s*utilisat(?:eur|rice)|sans\s+(?:l['’])?(?:accord|approbation|validation|confirmation)\s+(?:explicite\s+)?(?:de\s+l['’]\s*utilisat(?:eur|rice))",
    _ASK_UNNAMED,
    # German: Bestätigung / Freigabe des Benutzers; den Nutzer fragen
    r"(?:den|beim)\s+(?:Benutzer|Nutzer|Anwender|User)\s+(?:\w+\s+){0,2}(?:fragen|nachfragen|um\s+Best[äa]tigung|best[äa]tigen\s+lassen)|(?:Benutzer|Nutzer|User)-?(?:Best[äa]tigung|Freigabe|Zustimmung)",
    r"\b(?:frag\w*|befrag\w*)\s+(?:(?:Sie|du)\s+)?(?:den|die)\s+(?:Benutzer(?:in)?|Nutzer(?:in)?|Anwender(?:in)?|User)\b|"
    r"\bR[üu]ck(?:frage|sprache)\s+(?:mit\s+dem|beim)\s+(?:Benutzer|Nutzer|Anwender|User)\b",
    # Japanese: ユーザーに確認 / ユーザーの承認 / ユーザーに質問
    r"(?:ユーザー|ユーザ|利用者)(?:に|へ)(?:確認|質問|相談|承認|許可|提示|尋ね|聞)|(?:ユーザー|ユーザ|利用者)の(?:承認|許可|確認|同意|了承)(?:を|が|なしに|なく)",
    # Chinese: 向用户确认 / 用户确认后 / 经用户批准 / 等待用户
    r"(?:向|请|請|询问|詢問|(?<![访訪疑学學顾顧])[问問]|征求|徵求|等待)(?:用户|用戶|使用者)|(?:用户|用戶|使用者)(?:确认|確認|批准|同意|审批|審批|许可|許可)(?:后|後|之前|前)|(?:经|經|未经|未經)(?:用户|用戶|使用者)(?:确认|確認|批准|同意|许可|許可)",
    # 与用户确认 / 和用户确认 / 需用户确认 / 让用户确认: confirm with the user, the user must confirm
    r"(?:与|與|和|跟|同|需|需要|须|須|必须|必須|由|让|讓|待)(?:用户|用戶|使用者)(?:确认|確認|批准|同意|审批|審批|许可|許可|商量|商定)",
    # 人确认后 / 人工审核后: after a person confirms ("人确认后才调用 API")
    r"(?<![\w])人工?(?:确认|確認|审核|審核|审批|審批|批准|同意)(?:后|後|之后|之後)",
    # Korean: 사용자에게 확인 / 사용자의 승인 / 사용자 승인 없이
    r"(?:사용자|유저)(?:에게|께)[^.。\n]{0,24}?(?:확인|질문|승인|허락|동의|물어|묻)|(?:사용자|유저)(?:의)?\s*(?:승인|허락|확인|동의)\s*(?:을|를|없이|후|전|받|필요|요청|$)",
    # 사용자에게 도움 요청 / 사용자(CEO)에게 ... 결정 요청: a request to the user
    r"(?:사용자|유저)(?:\([^)]{0,20}\))?(?:에게|께)[^.。\n]{0,20}?(?:결정|도움|판단|의견|답변|지시)\s*(?:을|를)?\s*요청",
    # wait for approval, as "stop and wait for approval" in English (an approval only a person gives)
    r"(?:승인|허락|동의|확인)(?:을|를)\s*기다|承認を待|(?:等待|等候)(?:用户|用戶|使用者)?(?:的)?(?:批准|确认|確認|审批|審批|同意)|"
    r"\besper(?:a|e|ar|á)\s+(?:la\s+)?(?:aprobaci[oó]n|confirmaci[oó]n)|\baguard(?:e|a|ar)\s+(?:a\s+)?(?:aprova[cç][aã]o|confirma[cç][aã]o)|"
    r"\battend(?:s|ez|re)?\s+(?:l['’]\s*|la\s+)?(?:approbation|validation|confirmation)|\bwarte\s+auf\s+(?:die\s+)?(?:Freigabe|Best[äa]tigung|Zustimmung)",
    # Vietnamese: xác nhận với user / hỏi người dùng; sự đồng ý của người dùng; chờ user duyệt
    r"(?:xác\s+nhận|hỏi(?:\s+ý\s+kiến)?|tham\s+khảo\s+ý\s+kiến|thống\s+nhất|trao\s+đổi)\s+(?:lại\s+)?(?:với\s+)?(?:user|người\s+dùng|người\s+sử\s+dụng)\b|"
    r"(?:chờ|đợi|khi\s+được|sau\s+khi\s+được)\s+(?:user|người\s+dùng|người\s+sử\s+dụng)\s+(?:xác\s+nhận|phê\s+duyệt|duyệt|đồng\s+ý|cho\s+phép|chấp\s+thuận|trả\s+lời)",
    # Polish: zapytaj użytkownika; czekaj na decyzję użytkownika; tylko za zgodą użytkownika
    r"\b(?:zapyta\w*|spyta\w*|dopyta\w*|pyta(?:j|ć|sz))\s+(?:\w+\s+)?użytkownika\b|"
    r"\b(?:czeka\w*|poczeka\w*|zaczeka\w*)\s+na\s+(?:\w+\s+)?(?:decyzj\w+|zgod\w+|akceptacj\w+|potwierdzeni\w+|odpowied\w+|zatwierdzeni\w+)\s+użytkownika\b|"
    r"\b(?:wyłącznie|tylko|jedynie)\s+(?:za|po)\s+(?:\w+\s+)?(?:zgod\w+|akceptacj\w+|potwierdzeni\w+|zatwierdzeni\w+)\s+użytkownika\b",
    # Turkish: kullanıcıya sor (ask the user); kullanıcıdan onay al (get the user's approval);
    # kullanıcının onayını bekle (wait for it); kullanıcı onayı olmadan (without it). "sorma" (do not ask) ends no word here.
    r"\bkullanıcı(?:ya|lara)\s+(?:\w+\s+){0,2}?(?:sor|sorun|danış|danışın)\b|"
    r"\bkullanıcı(?:dan|lardan)\s+(?:\w+\s+)?(?:onay|izin|teyit)\s+(?:al|alın|iste|isteyin)\b|"
    r"\bkullanıcı(?:nın)?\s+(?:onayı|onayını|iznini|izni)\s+(?:bekle\w*|olmadan|almadan|alınmadan|alınmadıkça)",
    # Russian: подтверждение пользователя; спросить пользователя; без одобрения пользователя
    r"(?:спрос\w*|уточн\w*|запроси\w*)\s+(?:у\s+)?" + _RU_USER,  # not "по запросу пользователя" (a condition)
]

# Approval with no one named, gating what is forbidden ("never deploy without approval"): like
# "wait for approval", it can only come from a person. Words that also mean "check" are left out.
_UNNAMED = [
    r"\bwithout\s+(?:explicit\s+|prior\s+|express\s+|written\s+)?(?:approval|sign-?off|consent|go-ahead)\b",
    r"\bsin\s+(?:la\s+|previa\s+)?(?:aprobaci[oó]n|autorizaci[oó]n|confirmaci[oó]n)\b",
    r"\bsem\s+(?:a\s+|pr[ée]via\s+)?(?:aprova[cç][aã]o|autoriza[cç][aã]o|confirma[cç][aã]o)\b",
    r"\bsans\s+(?:l['’]\s*|une\s+|la\s+)?(?:accord|approbation|autorisation)\b",
    r"\bohne\s+(?:(?:die|eine|vorherige|ausdr[üu]ckliche|explizite)\s+)*(?:Freigabe|Zustimmung|Genehmigung)\b",
    r"(?:承認|許可)(?:なしに|なしで|なく|を得ずに)",
    r"(?:未经|未經|没有|沒有)\S{0,4}?(?:批准|同意|许可|許可)",
    r"(?:승인|허락|허가)\s*(?:없이|을\s*받지\s*않)",
    r"\bбез\s+(?:явного\s+|предварительного\s+)?(?:подтверждени|одобрени|согласи|разрешени)\w*",
]
_APPROVAL_WORD = compile_later(r"approval|sign-?off|go-ahead|aprobaci|aprova[cç]|approbation|Freigabe|Genehmigung|承認|批准|승인|одобрени", re.I)
_UNNAMED_RE = compile_later("|".join(f"(?:{p})" for p in _UNNAMED), re.I)
_UNNAMED_PRECHECK = compile_later(r"approval|подтвержд|одобрени|согласи|разрешени|sign-?off|consent|go-ahead|aprobaci|autorizaci|confirmaci|aprova|autoriza|confirma|accord|approbation|autorisation|Freigabe|Zustimmung|Genehmigung|承認|許可|批准|同意|许可|승인|허락|허가", re.I)

# Another language's approval of the user as a noun phrase ("aprobación del usuario") gates the work
# only after a word that makes it a condition or a request, as "without" or "get" do in English:
# "Points de validation humaine" (points of human validation) names a pattern; "согласие
# пользователей" (the users' consent) is the product's.
_NOUN_PHRASES = [
    r"(?:aprobaci[oó]n|confirmaci[oó]n|autorizaci[oó]n|validaci[oó]n|visto\s+bueno|aprova[cç][aã]o|confirma[cç][aã]o|autoriza[cç][aã]o)\s+(?:expl[ií]cita\s+)?(?:del?|do|da)\s+(?:usuari[oa]|usu[aá]ri[oa]|utilizador)\b",
    r"(?:confirmation|approbation|validation|accord|autorisation)\s+(?:explicite\s+)?(?:de\s+l['’]\s*utilisat(?:eur|rice)|humaine|d['’]un\s+humain)",
    r"(?:Best[äa]tigung|Freigabe|Zustimmung|Genehmigung|Einverst[äa]ndnis|OK)\s+(?:des|vom|durch\s+den)\s+(?:Benutzers?|Nutzers?|Anwenders?|Users?)\b",
    r"(?:подтвержд\w*|одобрени\w*|согласи\w*|разрешени\w*|аппрув\w*)\s+(?:\w+\s+)?(?:от\s+)?" + _RU_USER,
    r"(?:sự\s+)?(?:xác\s+nhận|phê\s+duyệt|đồng\s+ý|cho\s+phép|chấp\s+thuận)\s+(?:của|từ)\s+(?:user|người\s+dùng|người\s+sử\s+dụng)\b",
]
_NOUN_GATE_CUE = compile_later(
    r"\b(?:sin|tras|despu[ée]s\s+de|antes\s+de|hasta|requiere|necesita|obt[ée]n\w*|pid\w*|ped\w*|solicit\w*|esper\w*|previa|con|"  # es
    r"sem|ap[óo]s|depois\s+d[ae]|antes\s+d[ae]|at[ée]|requer\w*|precis\w*|obt\w*|pe[çc]a\w*|aguard\w*|mediante|com|"  # pt
    r"sans|apr[èe]s|avant|jusqu|requi[eè]r\w*|exig\w*|n[ée]cessit\w*|demand\w*|attend\w*|avec|soumi\w*|soumet\w*|"  # fr
    r"ohne|nach|vor|bis|erfordert|ben[öo]tig\w*|einhol\w*|hol\w*|wart\w*|mit|"  # de
    r"без|после|до|требу\w*|нужн\w*|необходим\w*|получ\w*|запрос\w*|жд\w*|"  # ru
    r"chờ|đợi|sau\s+khi|khi\s+được|cần|phải|xin)\b[^.;:!?\n]{0,30}$", re.I)

_GATES = compile_later("|".join(f"(?:{p})" for p in _ENGLISH + _OTHER), re.I)
# the user by their first name: "without Kevin's explicit OK" (a person: agents go by kebab-case names)
_PERSON_GATE = compile_later(
    r"\b[Ww]ithout\s+(?!Claude\b|Anthropic\b|GitHub\b|Git\b)[A-Z][a-z]{2,}(?:'s|’s)\s+(?:explicit\s+|prior\s+|written\s+|express\s+)?"
    r"(?:OK|okay|ok|approval|sign-?off|go-ahead|consent|permission|confirmation)\b")
# "Aprobación del usuario: requerida", "Freigabe des Benutzers erforderlich"
_NOUN_GATE_AFTER = compile_later(r"[\s:,—–-]{0,4}(?:\w+\s+){0,2}?(?:requerid|obligatori|necesari|imprescindible|obrigat[óo]ri|exigid|requis|obligatoire|n[ée]cessaire|erforderlich|notwendig|n[öo]tig|pflicht|обязательн|необходим|требуется|bắt\s+buộc|cần\s+thiết)", re.I)
_NOUN_GATES = compile_later("|".join(f"(?:{p})" for p in _NOUN_PHRASES), re.I)
# A cheap precheck: one of the words every pattern needs.
_PRECHECK = compile_later(r"人工?(?:确认|確認|审核|審核|审批|審批|批准|同意)|user|human|requester|owner|developer|maintainer|usuari|usuári|utiliza|utilisat|humain|benutzer|nutzer|anwender|ユーザ|利用者|用户|用戶|使用者|사용자|유저|пользовател|оператор|użytkownik|kullanıcı|người\s+(?:dùng|sử)|"
                       r"승인|허락|동의|확인|承認|批准|确认|確認|审批|審批|aprobaci|confirmaci|aprova|confirma|approbation|validation|Freigabe|Best[äa]tigung|Zustimmung", re.I)


# another agent as the subject of what the gate holds back
_OTHER_SUBJECT = compile_later(r"\b(?:no|any|other)\s+(?:other\s+)?(?:sub-?)?agents?\s+(?:shall|should|must|may|can|will|is\s+to)\b[^.;:!?]*$", re.I)
# A Korean gate that is not this agent's wait: a category of the report ("사용자 확인 필요 항목으로 분류", classify as
# needing user confirmation) or a causative ("사용자에게 물어보게 한다", have the main session ask the user)
_KO_NOT_OURS = compile_later(r"\s*(?:필요\s*)?(?:항목|사항)?\s*(?:으로|로)\s*(?:분류|표시|기록|표기)|\S{0,3}?게\s*(?:하|한|해|할|함|합)")
# "until the user picks a direction, treat this as an open decision": a default until then
_ASSUME_MEANWHILE = compile_later(r"[^,.;:\n]{0,60},\s*(?:treat|consider|regard|assume|mark|count)\b", re.I)
# The product's user, in the product: "user confirmation in the app", "... on the checkout screen"
_IN_PRODUCT = compile_later(r"\s*(?:back\s+)?(?:in|inside|within|on|from|through|via)\s+(?:the\s+|our\s+|your\s+|their\s+|a\s+)?(?:[\w-]+\s+)?"
                          r"(?:app|application|UI|interface|frontend|front-end|dialog|modal|form|page|screen|widget|checkout|client|browser|device|phone)\b", re.I)
_NOT_INSIDE = compile_later(r"\b(?:nicht|nie|niemals|not|never|no|nunca|jamais|pas|não)\b", re.I)
_DENIED = compile_later(r"\b(?:no|not)\s+$|(?<!mà\s)(?<!\bmà)\b(?:không(?:\s+cần)?|đừng|chớ)\s+$", re.I)  # Vietnamese "không hỏi" (do not ask), not "mà không" (without)
# "你不能中途暂停问用户" (you cannot stop to ask the user), "사용자에게 묻지 않고" (without asking the user)
_CJK_DENIED_BEFORE = compile_later(r"(?:不能|不要|不得|不可|不用|无需|無需|别|別|勿|禁止)[^，。,.;；、\n]{0,8}$")
_CJK_DENIED_AFTER = compile_later(r"\S{0,2}?(?:지\s*(?:않(?!고)|말|마)|ません|ない(?:[。、]|$))")
# "without asking the user": a gate only when what follows is forbidden ("사용자에게 묻지 않고 삭제하지 마세요")
_CJK_WITHOUT = compile_later(r"\S{0,2}?(?:지\s*않고|ずに|ないで|なくて)")
_CJK_NEGATED_REST = compile_later(r"지\s*(?:마|말|않)|ない|ません|禁止|不[要得能可]")


def _cjk_denied(text: str, start: int, end: int) -> bool:
    """An ask of the user that a Chinese, Japanese or Korean sentence denies: "你不能…问用户",
    "사용자에게 묻지 않는다", or "묻지 않고" (without asking) before what is not forbidden."""
    if text[start:end].isascii():
        return False
    if _CJK_DENIED_BEFORE.search(text, max(0, start - 12), start) or _CJK_DENIED_AFTER.match(text, end):
        return True
    without = _CJK_WITHOUT.match(text, end)
    return without is not None and _CJK_NEGATED_REST.search(text, without.end()) is None
_NEGATION = compile_later(r"\b(?:never|not|no|don't|dont|do\s+not|must\s+not|mustn't|cannot|can't|won't|shouldn't|nothing|only)\b|\bnunca\b|\bno\b|\bjamais\b|\bne\b|\bnie\b|\bkein|nicht\b|\bnão\b|不|禁止|しない|ない|않|금지|지\s*마|지\s*말|никогда|\bне\b", re.I)


# The words of `_PRECHECK` an ASCII text can hold, as `actions.words` cuts them (lowercase letter runs).
_ASCII_WORDS = frozenset(
    "user users human humans requester owner developer developers maintainer maintainers usuario usuarios usuaria usuarias utilizador utilizadores utilisateur "
    "utilisateurs utilisatrice humain humaine benutzer benutzers nutzer nutzers anwender anwenders "
    "aprobacion confirmacion aprovacao confirmacao approbation validation confirmation freigabe zustimmung bestatigung".split()
)


_UNNAMED_WORDS = frozenset(
    "approval signoff sign consent ahead aprobacion autorizacion confirmacion aprovacao autorizacao confirmacao accord approbation autorisation "
    "freigabe zustimmung genehmigung".split()
)


def may_gate(text: str, lows: list[str] | None = None) -> bool:
    """False when `user_gates(text)` is certainly empty (`lows`: `actions.words(text)`)."""
    return (may_hold(text, lows, _ASCII_WORDS, _PRECHECK) or may_hold(text, lows, _UNNAMED_WORDS, _UNNAMED_PRECHECK)
            or "ithout" in text and _PERSON_GATE.search(text) is not None)


def user_gates(text: str, scope_negative: bool = False, lows: list[str] | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, named) of the spans of `text` that gate the work on the user; `named` is False
    for a consent or a confirmation whose giver is not said ("never deploy without consent": the
    caller's may do, a hint). A "without the user's approval" gates
    only what is forbidden ("never push without ..."; an item under "Never:"): a statement
    ("it has full permissions without user approval") gates nothing."""
    out = []
    person = list(_PERSON_GATE.finditer(text)) if "ithout" in text else []
    if person or may_hold(text, lows, _ASCII_WORDS, _PRECHECK):
        nouns = [m for m in _NOUN_GATES.finditer(text) if _NOUN_GATE_CUE.search(text, max(0, m.start() - 40), m.start()) or _NOUN_GATE_AFTER.match(text, m.end())]
        for m in sorted([*_GATES.finditer(text), *nouns, *person], key=lambda m: m.start()):
            phrase = m.group(0).lower()
            if phrase.startswith(("without", "sin ", "sem ", "sans ", "ohne ")) and not (scope_negative or _NEGATION.search(text[: m.start()])):
                continue
            if _DENIED.search(text, max(0, m.start() - 14), m.start()) or _NOT_INSIDE.search(m.group(0)) or _cjk_denied(text, m.start(), m.end()):
                continue  # "no user approval needed"; "du kannst den Nutzer nicht fragen" (you cannot ask the user)
            if _ASK_UNNAMED_RE.fullmatch(m.group(0)) and _NAMED_SUBJECT.search(text, max(0, m.start() - 200), m.start()):
                continue  # "El escritorio ... pide confirmación": what something named does
            if _OTHER_SUBJECT.search(text, max(0, m.start() - 80), m.start()):
                continue  # "no other agent shall implement them without human consent": a rule for the others
            if VIA_CALLER.search(text, m.end(), m.end() + 60):
                continue  # "after developer authorization routed through the orchestrator": the caller brings it
            if _IN_PRODUCT.match(text, m.end()):
                continue  # "without explicit user confirmation back in our app": how the product behaves
            if _KO_NOT_OURS.match(text, m.end()):
                continue  # "사용자 확인 필요 항목으로 분류" (marked for the report); "사용자에게 물어보게 한다" (the caller is made to ask)
            if phrase.startswith("until") and _ASSUME_MEANWHILE.match(text, m.end()):
                continue  # "Until the user picks a direction, treat this as open": what to assume meanwhile, no wait
            out.append((m.start(), m.end(), True))
    if not out and may_hold(text, lows, _UNNAMED_WORDS, _UNNAMED_PRECHECK):
        for m in _UNNAMED_RE.finditer(text):
            ascii_start = m.group(0)[:1].isascii()  # "never X without ...": the negation comes first; in Japanese, Chinese and Korean after
            if scope_negative or _NEGATION.search(text[: m.start()] if ascii_start else text):
                # an approval only a person gives ("never deploy without approval"), as "wait for
                # approval" is; "without consent" or "without confirmation" may be the caller's
                out.append((m.start(), m.end(), _APPROVAL_WORD.search(m.group(0)) is not None))
                break
    return out

