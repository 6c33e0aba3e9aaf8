-- Neovim 0.11+: with this folder on 'runtimepath', `vim.lsp.enable("agentls")` starts agentls
-- for agent files. Override anything with vim.lsp.config("agentls", { ... }).
local agentls = require("agentls")

return {
  cmd = agentls.default_cmd(),
  filetypes = { "markdown" },
  -- Only agent files: returning without calling on_dir leaves other markdown alone.
  root_dir = function(bufnr, on_dir)
    local name = vim.api.nvim_buf_get_name(bufnr)
    if agentls.is_agent_file(name) then
      on_dir(agentls.root_dir(name))
    end
  end,
  settings = { agentls = {} },
}
