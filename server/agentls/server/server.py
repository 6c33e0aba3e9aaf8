"""The agentls language server: pygls 2, the document model and the analysis, wired together.

`AgentServer` keeps the state (settings, open documents and their one parse per version, the
workspace indexes, the last findings); the handlers registered by `create_server` are thin: they
find the document and hand it to a module of `agentls.features`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
from concurrent.futures import BrokenExecutor, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.workspace import Workspace

from agentls import __version__
from agentls.analysis import analyze
from agentls.analysis.finding import Finding
from agentls.document import Document
from agentls.features import FETCH_COMMAND, FIX_ALL, Refused
from agentls.features.capabilities import ClientCaps
from agentls.features.configuration import SECTION, Settings
from agentls.features.convert import offset_of, path_of
from agentls.features.diagnostics import Scheduler, diagnostics_json, to_diagnostics
from agentls.features.documents import DocumentCache, served_kind
from agentls.features.workspace import Root, Workspaces, build_index, inside
from agentls.features.workspace_diagnostics import Reports, as_reports
from agentls.features.workspace_files import WorkspaceFiles
from agentls.server.collector import IdleCollector
from agentls.server.text import LspWorkspace
from agentls.workspace.discovery import MAX_FILE_BYTES
from agentls.workspace.folder_check import check_folder
from agentls.workspace.index import WorkspaceIndex

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger("agentls")

POLL_SECONDS = 2.0
CLIENT_TIMEOUT = 5.0  # for requests to the client while starting: a silent client must not stall us
WATCH_ID = "agentls-watched-files"
TRIGGERS = [" ", ",", "(", "[", "`", "_", "-", "$", "{", ":", "/"]


class AgentProtocol(LanguageServerProtocol):
    """Positions in UTF-16 (the model's unit, and the one every client must support); pull
    diagnostics advertised only where they replace pushing (see `ClientCaps.pull_mode`)."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):  # type: ignore[override]
        general = params.capabilities.general
        if general is not None and general.position_encodings:
            general.position_encodings = [types.PositionEncodingKind.Utf16]
        result = yield from super().lsp_initialize(params)
        if type(self._workspace) is Workspace:  # keep documents' lines by LSP's rules (see text.py)
            self._workspace.__class__ = LspWorkspace
        if not ClientCaps.of(params.capabilities).pull_mode:
            result.capabilities.diagnostic_provider = None
        return result

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):  # type: ignore[override]
        """Changes to a document that is not open are ignored (pygls would fail on them)."""
        if unquote(params.text_document.uri) not in self.workspace.text_documents:
            log.warning("didChange for %s, which is not open: ignored", params.text_document.uri)
            return
        yield from super().lsp_text_document__did_change(params)

    def structure_message(self, data: dict[str, Any]):
        """A request whose params do not fit its method gets an error response (pygls would
        only log it, and the client would wait for an answer forever)."""
        try:
            return super().structure_message(data)
        except JsonRpcException as exc:
            # one line for the client's mistake (pygls' own traceback of it is filtered out)
            log.warning("invalid params for %s: %s", data.get("method", "a message") if isinstance(data, dict) else "a message",
                        exc.__cause__ or exc)
            msg_id = data.get("id") if isinstance(data, dict) else None
            if "method" not in data or not isinstance(msg_id, (int, str)) or isinstance(msg_id, bool):
                raise
            error = exc.to_response_error()
            error.message = f"{error.message} for {data['method']}"
            self._send_response(msg_id, error=error)
            return _ANSWERED

    def _send_handler_result(self, future, *, msg_id) -> None:
        """A request agentls refuses (a rename to a name the product would not load) is answered
        with its reason as a RequestFailed error: no traceback in the log, no error shown twice."""
        if not future.cancelled() and isinstance(future.exception(), Refused):
            self._request_futures.pop(msg_id, None)
            log.info("refused: %s", future.exception())
            self._send_response(msg_id, error=types.ResponseError(code=types.LSPErrorCodes.RequestFailed, message=str(future.exception())))
            return
        super()._send_handler_result(future, msg_id=msg_id)

    def handle_message(self, message):
        if message is _ANSWERED:
            return None
        collector = getattr(self._server, "collector", None)
        if collector is not None:
            collector.touch()
        return super().handle_message(message)

    def _check_handler_result(self, future) -> None:
        """pygls keeps the future of every notification it handles and never lets go of it: one
        per keystroke (memory grew by about 1.5 MB per 1,000 edits). Drop it once it is done,
        from the event loop (shutdown cancels the futures while it iterates over them)."""
        super()._check_handler_result(future)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a worker thread: the future stays (agentls registers no thread handlers)
            return
        loop.call_soon(self._forget, future)

    def _forget(self, future) -> None:
        for key in [k for k, f in self._request_futures.items() if f is future]:
            del self._request_futures[key]


_ANSWERED = object()  # a message already answered with an error while it was read


class _NoDeserializeTraceback(logging.Filter):
    """pygls logs a full (exception group) traceback for a client's params that do not fit;
    `AgentProtocol.structure_message` logs one line instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unable to deserialize message")


logging.getLogger("pygls.protocol.json_rpc").addFilter(_NoDeserializeTraceback())


class AgentServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("agentls", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental, protocol_cls=AgentProtocol)
        self.caps = ClientCaps()
        self.settings = Settings()
        self.spaces = Workspaces()
        self.cache = DocumentCache()
        self.open: set[str] = set()
        self.generation = 0  # bumped whenever settings or the workspace change
        self.results: dict[str, tuple[tuple[Any, ...], Document, list[Finding]]] = {}
        self.published: dict[str, tuple[int | None, list[dict[str, Any]]]] = {}  # diagnostics in their JSON form
        self.scheduler = Scheduler(self.publish)
        self.collector = IdleCollector()
        self.indexed = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._shown: list[str] = []
        self._watching = False
        self._reporting = False
        self.stopping = False  # after `shutdown`: nothing more is sent
        # Documents are checked in one worker thread, so that no analysis holds the event loop:
        # requests are answered while a large document is being checked (the interpreter switches
        # threads every few milliseconds). One check per document at a time; a newer version
        # waiting for it is checked next, and a result for a version that is no longer current is
        # dropped.
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="agentls-check")
        # A large document is checked in a process of its own: its parse and analysis spend long
        # stretches in C code (regular expressions, the YAML and markdown parsers over megabytes)
        # that would hold this interpreter, thread or not.
        self._process: ProcessPoolExecutor | None = None
        self._checking: set[str] = set()
        self._again: set[str] = set()
        # The workspace folders' files on disk are checked in another worker process, in the
        # background (`diagnostics.scope: "workspace"`).
        self.disk = Reports()
        self._background: ProcessPoolExecutor | None = None
        self._folders_checking: set[str] = set()
        self._folders_again: set[str] = set()

    @property
    def config(self):
        return self.settings.config

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log an error, and show it once; never again while showing it fails (a closed stream).
        An unknown method is the client's mistake: it gets its error response and a warning."""
        from pygls.exceptions import JsonRpcMethodNotFound

        if isinstance(error, JsonRpcMethodNotFound):
            log.warning("%s", error)
            return
        if self._reporting or self.stopping:
            log.error("%s", error)
            return
        self._reporting = True
        try:
            log.error("%s", error)
            super().report_server_error(error, source)
        finally:
            self._reporting = False

    def stop(self) -> None:
        """On `shutdown`: drop pending checks and background work; nothing more is sent."""
        self.stopping = True
        self.scheduler.cancel_all()
        self.collector.stop()
        self.checker.shutdown(wait=False, cancel_futures=True)
        for pool in (self._process, self._background):
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
        for task in list(self._tasks):
            task.cancel()

    # ---- documents -----------------------------------------------------------------------------

    def _served(self, uri: str) -> tuple[str, Root, str] | None:
        """(path, workspace root, kind) of an open document agentls serves."""
        path = path_of(uri) if uri in self.open else None
        if path is None:
            return None
        root = self.spaces.root_for(path)
        kind = served_kind(path, self.config, root.path)
        return (path, root, kind) if kind is not None else None

    def document(self, uri: str) -> Document | None:
        """The parsed document (once per version), or None when agentls does not serve it."""
        served = self._served(uri)
        if served is None:
            return None
        td = self.workspace.get_text_document(uri)
        return self.cache.get(uri, _within_limit(td.source), td.version, served[0], served[2])

    async def ready(self, timeout: float = 10.0) -> None:
        """Wait (at start-up only) until the workspace folders are indexed, so that answers
        that name other agents or skills are complete."""
        if not self.indexed.is_set():
            try:
                await asyncio.wait_for(self.indexed.wait(), timeout)
            except asyncio.TimeoutError:
                log.warning("the workspace is still being indexed; answering with what is known")

    def open_docs(self) -> list[Document]:
        return [d for uri in sorted(self.open) if (d := self.document(uri)) is not None]

    def with_files(self, uri: str) -> tuple[Document, WorkspaceFiles] | None:
        """An open document and the files of its workspace, open documents as the editor holds
        them (the index follows their names first); None when agentls does not serve it."""
        doc = self.document(uri)
        index = self.index_for(doc) if doc is not None else None
        if doc is None or index is None:
            return None
        opened = self.open_docs()
        for d in opened:
            if d.path and self.index_for(d) is index:
                self._note_agent(d, index)
        return doc, WorkspaceFiles(index, opened, self.config)

    def index_for(self, doc: Document) -> WorkspaceIndex | None:
        return self.spaces.index_for(doc.path)

    async def findings(self, doc: Document) -> list[Finding]:
        """Every finding for this version of the document (computed once per version and
        workspace state, in the checking thread)."""
        index = self.index_for(doc)
        if index is not None and doc.path:
            self._note_agent(doc, index)
        key = (doc.version, self.generation)
        cached = self.results.get(doc.uri or "")
        if cached is not None and cached[0] == key and cached[1] is doc:
            return cached[2]
        length = len(self.workspace.get_text_document(doc.uri).source) if doc.uri in self.open else len(doc.text or "")
        found = await asyncio.get_running_loop().run_in_executor(self.checker, _findings_of, doc, length, self.config, index)
        if key == (doc.version, self.generation):
            self.results[doc.uri or ""] = (key, doc, found)
        return found

    def _note_agent(self, doc: Document, index: WorkspaceIndex) -> None:
        """Keep the index in step with the open text; when the agent's name changes, the other
        open agents may gain or lose a duplicate: check them again."""
        path = os.path.abspath(doc.path or "")
        before = index.agents.get(path)
        index.update(doc)
        after = index.agents.get(path)
        if (before and (before.name, before.name_range)) != (after and (after.name, after.name_range)):
            self.generation += 1
            self.recheck([u for u in self.open if u != doc.uri], self.config.delay_ms)

    # ---- diagnostics ---------------------------------------------------------------------------

    def publish(self, uri: str) -> None:
        """Check the document's current version in the checking thread, then push its
        diagnostics (never an older version's)."""
        if self.caps.pull_mode or self.stopping:
            return
        if uri in self._checking:
            self._again.add(uri)  # checked again when the running check ends
            return
        try:
            job = self._job(uri)
        except Exception:  # a bug in one rule or feature must not stop the server
            log.exception("checking %s failed", uri)
            return
        if job is None:
            return
        self._checking.add(uri)
        loop = asyncio.get_running_loop()
        if len(job.text) > LARGE_DOCUMENT:  # only the part within the size limit travels
            far = job._replace(text=_within_limit(job.text), length=len(job.text))
            future = loop.run_in_executor(self._process_pool(), _check_elsewhere, far, self.config, self.caps)
        else:
            future = loop.run_in_executor(self.checker, self._check, job)
        future.add_done_callback(lambda f: self._checked(uri, f))

    def _process_pool(self) -> ProcessPoolExecutor:
        if self._process is None:  # started on the first large document
            self._process = _worker_process()
        return self._process

    def _job(self, uri: str) -> "Job | None":
        """What a check needs, read on the event loop: the text and version as they are now, the
        kind, the index and the workspace generation."""
        served = self._served(uri)
        if served is None or not served[1].ready:
            return None  # published once discovery of the workspace is done
        path, _, kind = served
        td = self.workspace.get_text_document(uri)
        return Job(uri, td.source, td.version, path, kind, self.spaces.index_for(path), self.generation, len(td.source))

    def _check(self, job: "Job") -> "Checked":
        """In the checking thread: parse and analyse one version (reads the index, changes nothing
        shared but the parse cache)."""
        doc = self.cache.get(job.uri, _within_limit(job.text), job.version, job.path, job.kind)
        found = _findings_of(doc, job.length, self.config, job.index)
        return Checked(job.version, doc, found, diagnostics_json(found, doc, self.caps), job.generation)

    def _checked(self, uri: str, future: "asyncio.Future[Any]") -> None:
        """On the event loop: keep and push a finished check if its version is still current."""
        self._checking.discard(uri)
        again = uri in self._again
        self._again.discard(uri)
        if uri not in self.open:
            self.cache.drop(uri)  # closed while it was checked: the parse it cached goes too
            return
        if self.stopping or future.cancelled():
            return
        try:
            done: Checked = future.result()
        except Exception:  # a bug in one rule or feature, or a worker process that died
            log.exception("checking %s failed", uri)
            if isinstance(future.exception(), BrokenExecutor):
                self._process = None  # the next large document starts a new one
            return
        if done.version != self.workspace.get_text_document(uri).version or done.generation != self.generation:
            self.scheduler.schedule(uri, 0)  # a newer version or workspace state came meanwhile
            return
        if done.doc is not None:  # checked in this process: the index and the results follow it
            index = self.index_for(done.doc)
            if index is not None and done.doc.path:
                self._note_agent(done.doc, index)
            self.results[uri] = ((done.version, self.generation), done.doc, done.found)
        self._send_if_new(uri, done.version, done.diags)
        if again:
            self.scheduler.schedule(uri, 0)

    def _send_if_new(self, uri: str, version: int | None, diags: list[dict[str, Any]]) -> None:
        last = self.published.get(uri)
        if last is not None and version is not None and last[0] is not None and (version < last[0] or last == (version, diags)):
            return
        self.send_diagnostics(uri, diags, version)
        self.published[uri] = (version, diags)

    def send_diagnostics(self, uri: str, diags: list[dict[str, Any]], version: int | None = None) -> None:
        """`textDocument/publishDiagnostics`, written as JSON directly (the diagnostics are
        built in their JSON form: converting them through lsprotocol's objects cost more than
        checking the document)."""
        params: dict[str, Any] = {"uri": uri, "diagnostics": diags}
        if version is not None:
            params["version"] = version
        self.protocol._send_data({"jsonrpc": "2.0", "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params})

    def recheck(self, uris: list[str], delay_ms: int) -> None:
        """Check documents again after a change elsewhere (settings, workspace, another file)."""
        if self.stopping:
            return
        if self.caps.pull_mode:
            if uris:
                self.workspace_diagnostic_refresh(None)
        else:
            for uri in uris:
                self.scheduler.schedule(uri, delay_ms)
        if self.caps.code_lens_refresh and uris:
            self.workspace_code_lens_refresh(None)

    def recheck_roots(self, roots: list[Root]) -> None:
        if not roots:
            return
        self.generation += 1
        paths = {r.path for r in roots}
        affected = [u for u in self.open if (p := path_of(u)) and self.spaces.root_for(p).path in paths]
        self.recheck(affected, min(self.config.delay_ms, 50))
        self.check_folders(roots)

    # ---- the workspace folders' files on disk --------------------------------------------------

    def check_folders(self, roots: list[Root]) -> None:
        """Check the files on disk of these workspace folders again, in the background; with
        `diagnostics.scope: "open"`, take back what was shown for closed files."""
        if self.stopping:
            return
        if self.config.scope != "workspace":
            self._show_reports(self.disk.clear())
            return
        for root in roots:
            if root.folder and root.ready:
                self.spawn(self._check_folder(root))

    async def _check_folder(self, root: Root) -> None:
        """One check of a folder at a time; a change meanwhile checks it once more after."""
        if root.path in self._folders_checking:
            self._folders_again.add(root.path)
            return
        self._folders_checking.add(root.path)
        loop = asyncio.get_running_loop()
        try:
            again = True
            while again and not self.stopping:
                self._folders_again.discard(root.path)
                if self._background is None:
                    self._background = _worker_process(background=True)
                found = await loop.run_in_executor(self._background, check_folder, root.path, self.config, self.spaces.home)
                reports = await as_reports(found, self.caps)
                if not self.stopping and self.config.scope == "workspace":
                    self._show_reports(self.disk.replace(root.path, reports))
                again = root.path in self._folders_again
        except Exception as exc:  # a bug in one rule, or a worker process that died
            log.exception("checking the files of %s failed", root.path)
            if isinstance(exc, BrokenExecutor):
                self._background = None
        finally:
            self._folders_checking.discard(root.path)

    def _show_reports(self, changed: list[str]) -> None:
        """The closed files whose problems changed: pushed, or pulled again after a refresh."""
        closed = [u for u in changed if u not in self.open]
        if not closed or self.stopping:
            return
        if self.caps.pull_mode:
            self.workspace_diagnostic_refresh(None)
        else:
            self.spawn(self._push_reports(closed))

    async def _push_reports(self, uris: list[str]) -> None:
        """Push in slices, so that a thousand files never hold the event loop for long."""
        for i, uri in enumerate(uris):
            if self.stopping:
                return
            if uri not in self.open:
                self.send_diagnostics(uri, self.disk.diagnostics(uri))
            if i % 16 == 15:
                await asyncio.sleep(0.002)  # and a pause: the client reads them between the open files' diagnostics

    # ---- settings ------------------------------------------------------------------------------

    async def pull_configuration(self) -> None:
        if not self.caps.configuration:
            return
        try:
            got = await asyncio.wait_for(self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])), CLIENT_TIMEOUT)
        except Exception as exc:  # a client that fails the request keeps the settings it had
            log.warning("workspace/configuration failed: %s", exc)
            return
        self.settings.section = got[0] if got else None

    def apply_settings(self) -> None:
        """Rebuild the settings from their layers; say (once) what is wrong with them."""
        before = self.config
        config = self.settings.rebuild()
        self.spaces.config = config
        self.generation += 1
        problems = self.settings.problems
        if problems and problems != self._shown:
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Warning, message="agentls settings: " + "; ".join(problems) + ". Defaults are used for these."))
        self._shown = list(problems)
        if (before.agent_patterns, before.mcp_config_paths) != (config.agent_patterns, config.mcp_config_paths):
            if self._watching:
                self.spawn(self.register_watchers())
            self.spawn(self.discover(rebuild=True))

    # ---- workspace -----------------------------------------------------------------------------

    def spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def discover(self, rebuild: bool = False, only: list[Root] | None = None) -> None:
        """Build the indexes of the workspace folders in a worker thread, then check the open
        documents against them."""
        loop = asyncio.get_running_loop()
        roots = only if only is not None else [r for r in self.spaces.roots.values() if r.folder or rebuild]
        for root in roots:
            try:
                index, notes = await loop.run_in_executor(
                    None, build_index, root.path, self.config, self.spaces.home, self.spaces.scan_folders(root))
            except Exception:
                log.exception("indexing %s failed", root.path)
                root.ready = True
                continue
            self.spaces.install(root.path, index, self.open_docs())
            for note in notes:
                log.info("%s", note)
            log.info("indexed %s: %d agents, %d skills, %d MCP servers", root.path, len(index.agents), len(index.skills), len(index.mcp.servers))
        if not self.indexed.is_set():
            self.collector.settle()
        self.indexed.set()
        self.recheck_roots(roots)

    def on_files(self, events: list[tuple[str, bool]]) -> None:
        open_paths = {os.path.abspath(p) for u in self.open if (p := path_of(u))}
        updated: dict[str, Root] = {}
        rebuild: dict[str, Root] = {}
        for path, deleted in events:
            up, rb = self.spaces.on_file(path, deleted, open_paths)
            updated.update((r.path, r) for r in up)
            rebuild.update((r.path, r) for r in rb)
            # a folder's files on disk changed, an open one's too: its disk report follows
            updated.update((r.path, r) for r in self.spaces.roots.values() if r.folder and inside(os.path.abspath(path), r.path))
        if rebuild:
            self.spawn(self.discover(only=list(rebuild.values())))
        self.recheck_roots([r for p, r in updated.items() if p not in rebuild])

    async def poll(self) -> None:
        """Poll the files the client does not watch (always `~/.claude.json`)."""
        while True:
            await asyncio.sleep(POLL_SECONDS)
            try:
                events = self.spaces.poll(everything=not self.caps.watched_files_dynamic)
                if events:
                    self.on_files(events)
            except Exception:
                log.exception("polling for file changes failed")

    async def register_watchers(self) -> None:
        """Ask the client to watch the files that matter (again, when the patterns change)."""
        method = types.WORKSPACE_DID_CHANGE_WATCHED_FILES
        options = types.DidChangeWatchedFilesRegistrationOptions(watchers=self.spaces.watchers())
        reg = types.Registration(id=WATCH_ID, method=method, register_options=options)
        try:
            if self._watching:
                await asyncio.wait_for(self.client_unregister_capability_async(
                    types.UnregistrationParams(unregisterations=[types.Unregistration(id=WATCH_ID, method=method)])), CLIENT_TIMEOUT)
            await asyncio.wait_for(self.client_register_capability_async(types.RegistrationParams(registrations=[reg])), CLIENT_TIMEOUT)
            self._watching = True
        except Exception as exc:
            log.warning("the client did not accept file watchers (%s); polling instead", exc)
            self.caps = dataclasses.replace(self.caps, watched_files_dynamic=False)


LARGE_DOCUMENT = 200_000  # characters; larger documents are checked in a worker process


class Job(NamedTuple):
    """One version of one document to check, as read on the event loop."""

    uri: str
    text: str  # the whole text, or (sent to the worker process) its part within the size limit
    version: int | None
    path: str
    kind: str
    index: WorkspaceIndex | None
    generation: int
    length: int  # of the whole text


class Checked(NamedTuple):
    version: int | None
    doc: Document | None  # None when checked in the worker process
    found: list[Finding]
    diags: list[dict[str, Any]]
    generation: int


def _worker_process(background: bool = False) -> ProcessPoolExecutor:
    """One worker process ("spawn": this process has threads); a background one runs at a lower
    priority, so the system gives the editor's requests the CPU first."""
    import multiprocessing  # with the process pool: not needed to answer `initialize`
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_lower_priority if background else None)


def _lower_priority() -> None:
    try:
        os.nice(10)
    except (AttributeError, OSError):  # not on this system
        pass


def _findings_of(doc: Document, length: int, config: Any, index: WorkspaceIndex | None) -> list[Finding]:
    """The findings of a parsed document whose whole text has `length` characters: E003 alone
    when only its first part was parsed (over the size limit)."""
    return [_too_large(doc, length)] if length > len(doc.text or "") else analyze(doc, config, index)


_LARGE_DOCS = DocumentCache()  # in the worker process: the last version of each large document
_LARGE_KEPT = 4


def _check_elsewhere(job: Job, config: Any, caps: ClientCaps) -> Checked:
    """In the worker process: parse and analyse a large document (its body again only around the
    edit, from the version checked before); the parent gets the findings."""
    doc = _LARGE_DOCS.get(job.uri, job.text, job.version, job.path, job.kind)
    _LARGE_DOCS.keep_last(_LARGE_KEPT)
    found = _findings_of(doc, job.length, config, job.index)
    return Checked(job.version, None, found, diagnostics_json(found, doc, caps), job.generation)


def _within_limit(text: str) -> str:
    """The text, or its first lines up to the size limit for agent files (`check` refuses such a
    file with E003; the server keeps the cheap features for its beginning)."""
    if len(text) <= MAX_FILE_BYTES // 4 or len(text.encode("utf-8", "surrogatepass")) <= MAX_FILE_BYTES:
        return text
    cut = text.rfind("\n", 0, MAX_FILE_BYTES // 4)
    return text[: cut + 1] if cut >= 0 else text[: MAX_FILE_BYTES // 4]


def _too_large(doc: Document, length: int) -> Finding:
    """E003 on the first line, as `agentls check` reports it."""
    from agentls.document.positions import Position, Range
    from agentls.schema.rules import RULES_BY_CODE

    rule = RULES_BY_CODE["E003"]
    first = (doc.text or "").split("\n", 1)[0]
    end = doc.range(len(first), len(first)).end if first else Position(0, 0)
    return Finding("E003", rule.name, rule.category, "error", Range(Position(0, 0), end),
                   f"The document has {length:,} characters, more than the {MAX_FILE_BYTES // 1048576} MB limit for agent files: "
                   "it is not checked (`agentls check` refuses it too). Symbols and completion work on its first part.")


def _folders(params: types.InitializeParams) -> list[str]:
    uris = [f.uri for f in params.workspace_folders or []]
    if not uris and params.root_uri:
        uris = [params.root_uri]
    paths = [p for u in uris if (p := path_of(u))]
    if not paths and params.root_path:
        paths = [params.root_path]
    return paths


def create_server() -> AgentServer:
    ls = AgentServer()

    @ls.feature(types.INITIALIZE)
    def initialize(ls: AgentServer, params: types.InitializeParams) -> None:
        ls.caps = ClientCaps.of(params.capabilities)
        folders = _folders(params)
        ls.settings.init_options = params.initialization_options
        ls.settings.load_file(folders[0] if folders else None)
        ls.spaces.config = ls.config
        ls.spaces.set_folders(folders)

    @ls.feature(types.INITIALIZED)
    async def initialized(ls: AgentServer, params: types.InitializedParams) -> None:
        await ls.pull_configuration()
        ls.apply_settings()
        if ls.caps.watched_files_dynamic:
            await ls.register_watchers()
        everything = not ls.caps.watched_files_dynamic
        ls.spaces.poll(everything)  # the baseline, so that a change while indexing is seen
        await ls.discover()
        ls.on_files(ls.spaces.poll(everything))
        ls.spawn(ls.poll())

    @ls.feature(types.SHUTDOWN)
    def shutdown(ls: AgentServer, params: None) -> None:
        ls.stop()

    @ls.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: AgentServer, params: types.DidChangeConfigurationParams) -> None:
        if ls.caps.configuration:
            await ls.pull_configuration()
        elif isinstance(params.settings, dict):
            ls.settings.section = params.settings.get(SECTION, params.settings)
        ls.apply_settings()
        ls.recheck(sorted(ls.open), 0)
        ls.check_folders(list(ls.spaces.roots.values()))

    @ls.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: AgentServer, params: types.DidChangeWatchedFilesParams) -> None:
        events = [(p, c.type == types.FileChangeType.Deleted) for c in params.changes if (p := path_of(c.uri))]
        ls.on_files(events)

    @ls.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_folders(ls: AgentServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        added = [p for f in params.event.added if (p := path_of(f.uri))]
        for f in params.event.removed:
            p = path_of(f.uri)
            if p:
                ls.spaces.roots.pop(os.path.abspath(p), None)
                ls.spaces.folders = [x for x in ls.spaces.folders if x != os.path.abspath(p)]
        ls.spaces.set_folders([*ls.spaces.folders, *added])
        ls.spawn(ls.discover(only=[ls.spaces.roots[os.path.abspath(p)] for p in added]))

    # ---- text synchronisation --------------------------------------------------------------

    @ls.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: AgentServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.open.add(params.text_document.uri)
        ls.scheduler.schedule(params.text_document.uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: AgentServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.scheduler.schedule(params.text_document.uri, ls.config.delay_ms)

    @ls.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: AgentServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.scheduler.schedule(params.text_document.uri, 0)

    @ls.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: AgentServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        was_served = uri in ls.results or uri in ls.published
        ls.open.discard(uri)
        ls.scheduler.cancel(uri)
        ls.cache.drop(uri)
        ls.results.pop(uri, None)
        ls.published.pop(uri, None)
        ls.disk.closed(uri)
        on_disk = ls.disk.diagnostics(uri)
        if was_served and not ls.caps.pull_mode:
            ls.send_diagnostics(uri, on_disk)  # the file's problems on disk, or none
        elif on_disk:
            ls.workspace_diagnostic_refresh(None)
        path = path_of(uri)
        if path and served_kind(path, ls.config, ls.spaces.root_for(path).path):
            root = ls.spaces.root_for(path)
            before = root.index.agents.get(os.path.abspath(path))
            ls.spaces.reread(path)
            if before != root.index.agents.get(os.path.abspath(path)):  # the editor's text was not saved, or the file is gone
                ls.generation += 1
                ls.recheck(sorted(ls.open), ls.config.delay_ms)
                ls.check_folders([root])

    # ---- requests ----------------------------------------------------------------------------

    @ls.feature(types.TEXT_DOCUMENT_DIAGNOSTIC,
                types.DiagnosticOptions(identifier="agentls", inter_file_dependencies=True, workspace_diagnostics=True))
    async def diagnostic(ls: AgentServer, params: types.DocumentDiagnosticParams) -> types.DocumentDiagnosticReport:
        await ls.ready(30)
        job = ls._job(params.text_document.uri)
        if job is None:
            return types.RelatedFullDocumentDiagnosticReport(items=[])
        cached = ls.results.get(job.uri)
        if cached is not None and cached[0] == (job.version, ls.generation):
            doc, found = cached[1], cached[2]
        else:
            done = await asyncio.get_running_loop().run_in_executor(ls.checker, ls._check, job)
            doc, found = done.doc, done.found
            if done.generation == ls.generation:
                ls.results[job.uri] = ((done.version, done.generation), doc, found)
        index = ls.index_for(doc)
        if index is not None and doc.path:
            ls._note_agent(doc, index)
        result_id = f"{doc.version}:{ls.generation}"
        if params.previous_result_id == result_id:
            return types.RelatedUnchangedDocumentDiagnosticReport(result_id=result_id)
        return types.RelatedFullDocumentDiagnosticReport(items=to_diagnostics(found, doc, ls.caps), result_id=result_id)

    @ls.feature(types.WORKSPACE_DIAGNOSTIC)
    async def workspace_diagnostic(ls: AgentServer, params: types.WorkspaceDiagnosticParams) -> types.WorkspaceDiagnosticReport:
        """The closed files' problems (the open ones are pulled one by one)."""
        previous = {p.uri: p.value for p in params.previous_result_ids}
        return ls.disk.workspace_report(ls.open, previous)

    @ls.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=TRIGGERS))
    async def on_completion(ls: AgentServer, params: types.CompletionParams) -> types.CompletionList | None:
        await ls.ready()
        doc = ls.document(params.text_document.uri)
        if doc is None:
            return None
        from agentls.features import completion  # loaded on first use: `initialize` is answered sooner

        return completion.complete(doc, offset_of(doc, params.position), ls.index_for(doc), ls.config, ls.caps)

    @ls.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: AgentServer, params: types.HoverParams) -> types.Hover | None:
        await ls.ready()
        doc = ls.document(params.text_document.uri)
        if doc is None:
            return None
        from agentls.features import hover

        return hover.hover(doc, offset_of(doc, params.position), ls.index_for(doc), ls.config, ls.caps)

    @ls.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=False))
    async def on_code_action(ls: AgentServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        doc = ls.document(params.text_document.uri)
        if doc is None:
            return None
        from agentls.features import code_actions

        return code_actions.code_actions(doc, params, await ls.findings(doc), ls.caps)

    @ls.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
    def on_code_lens(ls: AgentServer, params: types.CodeLensParams) -> list[types.CodeLens] | None:
        doc = ls.document(params.text_document.uri)
        from agentls.features import lens

        return lens.code_lenses(doc, ls.index_for(doc), ls.config) if doc is not None else None

    @ls.command(FETCH_COMMAND)
    async def fetch_mcp_tools(ls: AgentServer, *args: Any) -> dict[str, Any]:
        """Start one MCP server (the user clicked the lens or ran the command), cache its tools,
        and check the open documents again."""
        params = list(args[0]) if len(args) == 1 and isinstance(args[0], (list, tuple)) else list(args)
        if len(params) < 2:
            return {"ok": False, "message": "usage: [document uri, server name]"}
        uri, server = str(params[0]), str(params[1])
        path = path_of(uri)
        root = ls.spaces.root_for(path) if path else None
        if root is None:
            return {"ok": False, "message": f"{uri} is not in a workspace"}
        from agentls.workspace.mcp_introspect import FetchError, fetch_tools

        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(None, fetch_tools, root.index.mcp, server, root.path)
        except FetchError as exc:
            ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=f"agentls: {exc}"))
            return {"ok": False, "message": str(exc)}
        root.index.load_fetched()
        ls.generation += 1
        ls.recheck(sorted(ls.open), 0)
        message = f"agentls: {len(result.tools)} tools of `{server}` fetched and cached"
        ls.window_show_message(types.ShowMessageParams(type=types.MessageType.Info, message=message))
        return {"ok": True, "message": message, "tools": [t.name for t in result.tools]}

    @ls.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    def on_symbols(ls: AgentServer, params: types.DocumentSymbolParams):
        doc = ls.document(params.text_document.uri)
        from agentls.features import symbols

        return symbols.document_symbols(doc, ls.caps) if doc is not None else None

    @ls.feature(types.TEXT_DOCUMENT_FOLDING_RANGE)
    def on_folding(ls: AgentServer, params: types.FoldingRangeParams) -> list[types.FoldingRange] | None:
        doc = ls.document(params.text_document.uri)
        from agentls.features import folding

        return folding.folding_ranges(doc) if doc is not None else None

    @ls.feature(types.TEXT_DOCUMENT_DEFINITION)
    async def on_definition(ls: AgentServer, params: types.DefinitionParams) -> list[types.Location] | None:
        await ls.ready()
        doc = ls.document(params.text_document.uri)
        if doc is None:
            return None
        from agentls.features import definition

        return definition.definition(doc, offset_of(doc, params.position), ls.index_for(doc), ls.config)

    @ls.feature(types.TEXT_DOCUMENT_REFERENCES)
    async def on_references(ls: AgentServer, params: types.ReferenceParams) -> list[types.Location] | None:
        await ls.ready()
        if (got := ls.with_files(params.text_document.uri)) is None:
            return None
        doc, files = got
        from agentls.features import references

        return references.references(doc, offset_of(doc, params.position), params.context.include_declaration, ls.config.version, files)

    @ls.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    async def on_prepare_rename(ls: AgentServer, params: types.PrepareRenameParams) -> types.PrepareRenamePlaceholder | None:
        await ls.ready()
        if (got := ls.with_files(params.text_document.uri)) is None:
            return None
        doc, files = got
        from agentls.features import rename

        return rename.prepare_rename(doc, offset_of(doc, params.position), ls.config.version, files)

    @ls.feature(types.TEXT_DOCUMENT_RENAME)
    async def on_rename(ls: AgentServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
        await ls.ready()
        if (got := ls.with_files(params.text_document.uri)) is None:
            return None
        doc, files = got
        from agentls.features import rename

        return rename.rename(doc, offset_of(doc, params.position), params.new_name, ls.config.version, files, ls.caps)

    @ls.feature(types.WORKSPACE_SYMBOL)
    async def on_workspace_symbol(ls: AgentServer, params: types.WorkspaceSymbolParams) -> list[types.SymbolInformation]:
        await ls.ready()
        from agentls.features import workspace_symbols

        return workspace_symbols.workspace_symbols(params.query, [r.index for r in ls.spaces.roots.values()])

    @ls.feature(types.TEXT_DOCUMENT_DOCUMENT_LINK, types.DocumentLinkOptions(resolve_provider=False))
    def on_links(ls: AgentServer, params: types.DocumentLinkParams) -> list[types.DocumentLink] | None:
        doc = ls.document(params.text_document.uri)
        from agentls.features import links

        return links.document_links(doc, ls.index_for(doc), ls.caps) if doc is not None else None

    return ls
