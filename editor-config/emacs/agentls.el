;;; agentls.el --- agentls language server for Claude Code agent files (eglot)  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1") (eglot "1.9"))
;; Keywords: languages, tools

;;; Commentary:

;; Agent files (`.claude/agents/**/*.md', and `agents/**/*.md' inside a plugin, a folder with
;; `.claude-plugin/plugin.json') open in `agentls-agent-mode', a markdown mode (derived from
;; `markdown-mode' when it is installed, else `text-mode'), and eglot starts `agentls serve'
;; for them.  Other markdown files are left alone.
;;
;;   (add-to-list 'load-path "/path/to/agentls/editor-config/emacs")
;;   (require 'agentls)
;;   ;; optional:
;;   (setq agentls-server-command '("~/.local/bin/agentls" "serve"))
;;   (setq agentls-settings '(:claudeCodeVersion "2.1.240" :rules (:disable ["D002"])))

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'project)

(defgroup agentls nil
  "agentls, the language server for Claude Code agent files."
  :group 'tools
  :prefix "agentls-")

(defcustom agentls-server-command nil
  "The command that starts the server, as a list: (PROGRAM ARGS...).
nil: `agentls serve' when agentls is on `exec-path', else `python3 -m agentls serve'."
  :type '(choice (const :tag "Find agentls" nil) (repeat string)))

(defcustom agentls-settings nil
  "The agentls settings object, as a plist; sent as `initializationOptions'.
Example: (:claudeCodeVersion \"2.1.240\" :rules (:disable [\"D002\"])
          :diagnostics (:delay 150) :mcp (:configPaths [\"tools/mcp.json\"]))
Per project, set `eglot-workspace-configuration' to (:agentls SETTINGS) in .dir-locals.el."
  :type 'sexp)

(defcustom agentls-auto-start t
  "Whether `agentls-agent-mode' starts eglot by itself."
  :type 'boolean)

(defun agentls--plugin-root (file)
  "The plugin folder (holding .claude-plugin/plugin.json) above FILE, or nil."
  (locate-dominating-file file ".claude-plugin/plugin.json"))

;; The same rule as agentls' own discovery (server/agentls/workspace/discovery.py).
(defun agentls-kind (file)
  "The kind of agent file FILE is, from its path alone, or nil for other files.
Claude Code agents, skills (SKILL.md) and commands under .claude/ or a plugin, Copilot
agents and prompts under .github/, OpenCode agents under .opencode/."
  (when (and file (string-suffix-p ".md" file))
    (let* ((abs (expand-file-name file))
           (parts (vconcat (split-string abs "/" t)))
           (n (length parts))
           (name (aref parts (1- n)))
           (kind nil) (done nil))
      ;; Folders from the innermost out; parts[i] is a folder, parts[i-1] its parent.
      (let ((i (- n 2)))
        (while (and (not done) (>= i 1))
          (let ((dir (aref parts i)) (parent (aref parts (1- i))))
            (cond
             ((equal parent ".claude")
              (cond ((equal dir "agents") (setq kind "agent" done t))
                    ((equal dir "commands") (setq kind "command" done t))
                    ((equal dir "skills")
                     (setq kind (and (equal name "SKILL.md") (= i (- n 3)) "skill") done t))))
             ((equal parent ".github")
              (cond ((equal dir "agents") (setq kind "copilot-agent" done t))
                    ((equal dir "chatmodes")
                     (setq kind (and (string-suffix-p ".chatmode.md" name) "copilot-agent") done t))
                    ((equal dir "prompts")
                     (setq kind (and (string-suffix-p ".prompt.md" name) "copilot-prompt") done t)))))
            (when (and (not done) (member dir '("agent" "agents"))
                       (or (equal parent ".opencode")
                           (and (equal parent "opencode") (> i 1) (equal (aref parts (- i 2)) ".config"))))
              (setq kind "opencode-agent" done t)))
          (setq i (1- i))))
      (when (and (not done)
                 (cl-some (lambda (d) (member d '("agents" "commands" "skills"))) (butlast (append parts nil))))
        (let ((root (agentls--plugin-root abs)))
          (when root
            (let* ((inner (butlast (nthcdr (length (split-string (expand-file-name root) "/" t)) (append parts nil)))))
              (setq kind
                    (cond ((equal (car inner) "agents") "plugin-agent")
                          ((equal (car inner) "commands") "plugin-command")
                          ((and (equal (car inner) "skills") (= (length inner) 2) (equal name "SKILL.md")) "plugin-skill")
                          ((member "agents" inner) "plugin-agent")))))))
      kind)))

(defun agentls-agent-file-p (file)
  "Whether agentls serves FILE (an agent, skill, command... file)."
  (and (agentls-kind file) t))

(defun agentls-root (file)
  "The workspace root of FILE: the folder holding .claude, .github or .opencode; or the plugin."
  (let ((file (expand-file-name file)))
    (cond ((string-match "\\`\\(.+?\\)/\\.\\(?:claude\\|github\\|opencode\\)/" file)
           (file-name-as-directory (match-string 1 file)))
          ((agentls--plugin-root file)))))

(defun agentls--project (dir)
  "A transient project at the agent root for DIR, when no other project claims it."
  (when-let* ((file (or buffer-file-name dir))
              ((agentls-agent-file-p (if buffer-file-name file (expand-file-name "x.md" dir))))
              (root (agentls-root (if buffer-file-name file (expand-file-name "x.md" dir)))))
    (cons 'transient root)))

(defun agentls--command ()
  (or agentls-server-command
      (if (executable-find "agentls")
          '("agentls" "serve")
        (list (or (executable-find "python3") "python") "-m" "agentls" "serve"))))

(defun agentls--contact (&optional _interactive)
  "The eglot contact: the server command, with the settings as initializationOptions."
  (append (agentls--command)
          (and agentls-settings (list :initializationOptions agentls-settings))))

(if (require 'markdown-mode nil t)
    (define-derived-mode agentls-agent-mode markdown-mode "Agent"
      "Major mode for Claude Code agent files, checked by agentls.")
  (define-derived-mode agentls-agent-mode text-mode "Agent"
    "Major mode for Claude Code agent files, checked by agentls."))

;; The server sees the files as markdown.
(put 'agentls-agent-mode 'eglot-language-id "markdown")

(add-to-list 'eglot-server-programs '(agentls-agent-mode . agentls--contact))
(add-to-list 'auto-mode-alist '("/\\.claude/agents/.*\\.md\\'" . agentls-agent-mode))
;; Projects that are no VCS checkout still get the agent root (appended: VCS roots win).
(add-hook 'project-find-functions #'agentls--project 90)

(defun agentls--maybe-plugin-agent ()
  "Switch any other agent file (skills, commands, plugins...) to `agentls-agent-mode'."
  (when (and (not (derived-mode-p 'agentls-agent-mode)) (agentls-agent-file-p buffer-file-name))
    (agentls-agent-mode)))
(add-hook 'find-file-hook #'agentls--maybe-plugin-agent)

(defun agentls--maybe-start ()
  (when agentls-auto-start (eglot-ensure)))
(add-hook 'agentls-agent-mode-hook #'agentls--maybe-start)

(provide 'agentls)
;;; agentls.el ends here
