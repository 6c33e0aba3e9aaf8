//! Zed extension: starts `agentls serve` for Markdown buffers. agentls answers only for agent
//! files (`.claude/agents/**/*.md`, plugin `agents/`), so other markdown gets no diagnostics.
use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

const SERVER: &str = "agentls";

struct Agentls;

impl zed::Extension for Agentls {
    fn new() -> Self {
        Agentls
    }

    fn language_server_command(&mut self, _id: &LanguageServerId, worktree: &zed::Worktree) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree(SERVER, worktree).ok().and_then(|s| s.binary);
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let args = binary
            .and_then(|b| b.arguments)
            .unwrap_or_else(|| vec!["serve".to_string()]);
        let command = configured.or_else(|| worktree.which(SERVER)).ok_or_else(|| {
            "agentls was not found on PATH: install it (`pipx install agentls`) or set \
             lsp.agentls.binary.path in Zed's settings"
                .to_string()
        })?;
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    fn language_server_initialization_options(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(SERVER, worktree).ok();
        Ok(settings.and_then(|s| s.initialization_options.or(s.settings)))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let settings = LspSettings::for_worktree(SERVER, worktree).ok().and_then(|s| s.settings);
        Ok(settings.map(|s| {
            let mut section = serde_json::Map::new();
            section.insert(SERVER.to_string(), s);
            serde_json::Value::Object(section)
        }))
    }
}

zed::register_extension!(Agentls);
