-- Registers agentls with nvim-lspconfig (older API, Neovim 0.8-0.10):
--
--   require("agentls.lspconfig").register()
--   require("lspconfig").agentls.setup({ settings = { agentls = { claudeCodeVersion = "2.1.240" } } })
--
-- On Neovim 0.11+ prefer `vim.lsp.enable("agentls")` with editor-config/neovim on 'runtimepath'.
local M = {}

function M.register()
  local configs = require("lspconfig.configs")
  if configs.agentls then
    return
  end
  local agentls = require("agentls")
  configs.agentls = {
    default_config = {
      cmd = agentls.default_cmd(),
      filetypes = { "markdown" },
      -- nil for other markdown: lspconfig then does not attach.
      root_dir = function(fname)
        if agentls.is_agent_file(fname) then
          return agentls.root_dir(fname)
        end
        return nil
      end,
      single_file_support = false,
      settings = { agentls = {} },
    },
    docs = { description = "agentls: language server for Claude Code agent files (.claude/agents/*.md)." },
  }
end

return M
