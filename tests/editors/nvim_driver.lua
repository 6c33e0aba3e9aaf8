-- Headless Neovim driver for tests/editors/test_neovim.py (run with `nvim --headless -u NONE`).
-- Opens AGENTLS_TEST_FILE with editor-config/neovim's setup, waits for the server's diagnostics,
-- inserts AGENTLS_TEST_INSERT_TEXT as a new line AGENTLS_TEST_INSERT_LINE (0-based), asks for
-- completion at its end, and writes what the editor got to AGENTLS_TEST_OUT as JSON.
local env = function(name)
  local v = os.getenv(name)
  if v == nil or v == "" then
    error("missing environment variable " .. name)
  end
  return v
end

local out_path = env("AGENTLS_TEST_OUT")
local timeout = tonumber(os.getenv("AGENTLS_TEST_TIMEOUT_MS") or "30000")

local function write(result)
  local fh = assert(io.open(out_path, "w"))
  fh:write(vim.fn.json_encode(result))
  fh:close()
end

local function run()
  local agentls = require("agentls")
  agentls.setup({
    cmd = vim.fn.json_decode(env("AGENTLS_TEST_CMD")),
    settings = vim.fn.json_decode(os.getenv("AGENTLS_TEST_SETTINGS") or "{}"),
  })
  vim.cmd("edit " .. vim.fn.fnameescape(env("AGENTLS_TEST_FILE")))
  local buf = vim.api.nvim_get_current_buf()

  local function attached()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == "agentls" and c.initialized then
        return c
      end
    end
  end
  if not vim.wait(timeout, function() return attached() ~= nil end, 20) then
    error("agentls did not start and attach within " .. timeout .. " ms")
  end
  local client = attached()

  if not vim.wait(timeout, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
    error("no diagnostics within " .. timeout .. " ms")
  end
  local diags = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(diags, {
      line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      source = d.source, message = d.message,
    })
  end

  local line = tonumber(env("AGENTLS_TEST_INSERT_LINE"))
  local text = env("AGENTLS_TEST_INSERT_TEXT")
  vim.api.nvim_buf_set_lines(buf, line, line, false, { text })
  vim.api.nvim_win_set_cursor(0, { line + 1, #text })
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line, character = #text },
    context = { triggerKind = 1 },
  }
  local responses = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, timeout)
  local labels = {}
  for _, r in pairs(responses or {}) do
    if r.err then
      error("completion failed: " .. vim.inspect(r.err))
    end
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do
      table.insert(labels, item.label)
    end
  end
  write({
    nvim = vim.version(),
    client = client.name,
    cmd = client.config.cmd,
    root_dir = client.config.root_dir,
    diagnostics = diags,
    completion = labels,
  })
end

local ok, err = pcall(run)
if not ok then
  pcall(write, { error = tostring(err) })
  vim.cmd("cquit 1")
end
vim.cmd("qa!")
