-- agentls for Neovim: starts the agentls language server for Claude Code agent files.
--
--   require("agentls").setup({
--     cmd = { "agentls", "serve" },          -- default: agentls on PATH, else python3 -m agentls
--     settings = { claudeCodeVersion = "2.1.240", rules = { disable = { "D002" } } },
--   })
--
-- Works on Neovim 0.7 and later (vim.lsp.start_client on 0.7, vim.lsp.start from 0.8). On 0.11+
-- the `lsp/agentls.lua` file beside this folder also lets `vim.lsp.enable("agentls")` do the job.
local M = {}

local uv = vim.loop or vim.uv

local function exists(path)
  return uv.fs_stat(path) ~= nil
end

local function dirname(path)
  return (path:gsub("/+[^/]*$", ""))
end

--- The nearest folder above `path` that holds one of `markers`, if any.
local function find_up(path, markers)
  local dir = dirname(path)
  while dir ~= "" do
    for _, marker in ipairs(markers) do
      if exists(dir .. "/" .. marker) then
        return dir
      end
    end
    local parent = dirname(dir)
    if parent == dir then
      break
    end
    dir = parent
  end
  return nil
end

--- The folder holding `.claude-plugin/plugin.json` above `path`, if any.
local function plugin_root(path)
  return find_up(path, { ".claude-plugin/plugin.json" })
end

local function split(path)
  local parts = {}
  for part in path:gmatch("[^/]+") do
    table.insert(parts, part)
  end
  return parts
end

--- The kind of agent file at `path`, from its path alone (agentls' own rule, see
--- server/agentls/workspace/discovery.py), or nil for other files, which are left alone.
function M.kind(path)
  if type(path) ~= "string" or not path:match("%.md$") then
    return nil
  end
  local abs = vim.fn.fnamemodify(path, ":p")
  local parts = split(abs)
  local n, name = #parts, parts[#parts]
  for i = n - 1, 2, -1 do
    local dir, parent = parts[i], parts[i - 1]
    if parent == ".claude" then
      if dir == "agents" then return "agent" end
      if dir == "commands" then return "command" end
      if dir == "skills" then return (name == "SKILL.md" and i == n - 2) and "skill" or nil end
    end
    if parent == ".github" then
      if dir == "agents" then return "copilot-agent" end
      if dir == "chatmodes" then return name:match("%.chatmode%.md$") and "copilot-agent" or nil end
      if dir == "prompts" then return name:match("%.prompt%.md$") and "copilot-prompt" or nil end
    end
    if (dir == "agent" or dir == "agents")
      and (parent == ".opencode" or (parent == "opencode" and i > 2 and parts[i - 2] == ".config")) then
      return "opencode-agent"
    end
  end
  local in_folder = false
  for i = 1, n - 1 do
    if parts[i] == "agents" or parts[i] == "commands" or parts[i] == "skills" then
      in_folder = true
    end
  end
  local root = in_folder and plugin_root(abs) or nil
  if root then
    local inner = {}
    for i = #split(root) + 1, n - 1 do
      table.insert(inner, parts[i])
    end
    if inner[1] == "agents" then return "plugin-agent" end
    if inner[1] == "commands" then return "plugin-command" end
    if inner[1] == "skills" and #inner == 2 and name == "SKILL.md" then return "plugin-skill" end
    for _, d in ipairs(inner) do
      if d == "agents" then return "plugin-agent" end
    end
  end
  return nil
end

--- Whether agentls serves `path` (an agent, skill, command... file); other markdown is left alone.
function M.is_agent_file(path)
  return M.kind(path) ~= nil
end

--- The workspace root: the folder holding `.claude` / `.github` / `.opencode`, or the plugin,
--- else the nearest folder with `.git` or `.mcp.json`.
function M.root_dir(path)
  path = vim.fn.fnamemodify(path, ":p")
  for _, marker in ipairs({ "/.claude/", "/.github/", "/.opencode/" }) do
    local at = path:find(marker, 1, true)
    if at and at > 1 then
      return path:sub(1, at - 1)
    end
  end
  local root = plugin_root(path)
  if root then
    return root
  end
  return find_up(path, { ".git", ".mcp.json" }) or dirname(path)
end

--- The server command: agentls on PATH, else python3 -m agentls.
function M.default_cmd()
  if vim.fn.executable("agentls") == 1 then
    return { "agentls", "serve" }
  end
  return { vim.fn.executable("python3") == 1 and "python3" or "python", "-m", "agentls", "serve" }
end

M.defaults = {
  cmd = nil, -- nil: M.default_cmd()
  settings = {}, -- the agentls settings object (see the README)
  on_attach = nil,
  capabilities = nil,
}

local opts = vim.deepcopy(M.defaults)
local clients = {} -- root_dir -> client id

--- The client configuration for a root folder (shape shared by vim.lsp.start and start_client).
function M.config(root)
  return {
    name = "agentls",
    cmd = opts.cmd or M.default_cmd(),
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = opts.settings,
    settings = { agentls = opts.settings },
    capabilities = opts.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_attach = opts.on_attach,
  }
end

--- Start (or reuse) the server for the buffer, if it shows an agent file.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local name = vim.api.nvim_buf_get_name(bufnr)
  if not M.is_agent_file(name) then
    return nil
  end
  local root = M.root_dir(name)
  if vim.bo[bufnr].omnifunc == "" then
    vim.bo[bufnr].omnifunc = "v:lua.vim.lsp.omnifunc" -- <C-x><C-o> completes from agentls
  end
  if vim.lsp.start then -- Neovim 0.8+: reuses a running client with the same name and root
    return vim.lsp.start(M.config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(M.config(root))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Attach agentls to agent files as they are opened (markdown buffers under the agent paths).
function M.setup(user)
  opts = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), user or {})
  local group = vim.api.nvim_create_augroup("agentls", { clear = true })
  vim.api.nvim_create_autocmd({ "BufReadPost", "BufNewFile" }, {
    group = group,
    pattern = "*.md",
    callback = function(args)
      M.attach(args.buf)
    end,
  })
  -- Buffers that were already open when setup() ran.
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      M.attach(buf)
    end
  end
end

return M
