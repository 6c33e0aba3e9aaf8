;;; emacs_driver.el --- batch Emacs driver for tests/editors/test_emacs.py  -*- lexical-binding: t; -*-
;; emacs --batch -Q -l emacs_driver.el: opens AGENTLS_TEST_FILE with editor-config/emacs/agentls.el,
;; waits for the server's diagnostics in Flymake, inserts AGENTLS_TEST_INSERT_TEXT as a new line
;; AGENTLS_TEST_INSERT_LINE (0-based), asks eglot's completion-at-point for candidates there, and
;; writes what the editor got to AGENTLS_TEST_OUT as JSON.
(require 'json)
(require 'package)
(package-initialize)  ; Debian's elpa-eglot lives in the system package directory
(defun drv-env (name)
  (let ((v (getenv name)))
    (if (or (null v) (string= v "")) (error "Missing environment variable %s" name) v)))

(defvar drv-timeout (/ (string-to-number (or (getenv "AGENTLS_TEST_TIMEOUT_MS") "30000")) 1000.0))

(defun drv-write (obj)
  (with-temp-file (drv-env "AGENTLS_TEST_OUT")
    (insert (json-encode obj))))

(defun drv-wait (pred what)
  "Run the event loop until PRED is non-nil; error naming WHAT after the timeout."
  (let ((deadline (+ (float-time) drv-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05)
      (run-hooks 'post-command-hook)     ; what the command loop would run between keys
      (when (fboundp 'flymake-start) (ignore-errors (flymake-start))))
    (or (funcall pred) (error "Timed out after %ss waiting for %s" drv-timeout what))))

(defun drv-run ()
  (add-to-list 'load-path (drv-env "AGENTLS_TEST_LOAD_PATH"))
  (require 'agentls)
  (setq agentls-server-command (append (json-parse-string (drv-env "AGENTLS_TEST_CMD")) nil))
  (let ((settings (getenv "AGENTLS_TEST_SETTINGS")))
    (when (and settings (not (string= settings "{}")))
      (setq agentls-settings (json-parse-string settings :object-type 'plist))))
  (setq flymake-no-changes-timeout 0.1)
  (find-file (drv-env "AGENTLS_TEST_FILE"))
  (unless (eq major-mode 'agentls-agent-mode)
    (error "The agent file opened in %s, not agentls-agent-mode" major-mode))
  (run-hooks 'post-command-hook)
  (drv-wait (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server))) "eglot to connect")
  (drv-wait (lambda () (flymake-diagnostics)) "diagnostics in Flymake")
  (let* ((server (eglot-current-server))
         (diags
          (mapcar (lambda (d)
                    (let* ((spec (alist-get 'eglot-lsp-diag (flymake-diagnostic-data d)))
                           (beg (flymake-diagnostic-beg d)) (end (flymake-diagnostic-end d)))
                      `((line . ,(1- (line-number-at-pos beg)))
                        (col . ,(save-excursion (goto-char beg) (current-column)))
                        (end_line . ,(1- (line-number-at-pos end)))
                        (end_col . ,(save-excursion (goto-char end) (current-column)))
                        (type . ,(symbol-name (flymake-diagnostic-type d)))
                        (code . ,(plist-get spec :code))
                        (message . ,(flymake-diagnostic-text d)))))
                  (flymake-diagnostics)))
         (line (string-to-number (drv-env "AGENTLS_TEST_INSERT_LINE")))
         (text (drv-env "AGENTLS_TEST_INSERT_TEXT")))
    (goto-char (point-min))
    (forward-line line)
    (insert text "\n")
    (backward-char 1)
    (let* ((capf (eglot-completion-at-point))
           (labels (and capf (all-completions (buffer-substring-no-properties (nth 0 capf) (nth 1 capf))
                                              (nth 2 capf)))))
      (drv-write `((emacs . ,emacs-version)
                   (eglot . ,(or (and (boundp 'eglot-version) eglot-version) "1.9"))
                   (mode . ,(symbol-name major-mode))
                   (root . ,(project-root (eglot--project server)))
                   (cmd . ,(vconcat (process-command (jsonrpc--process server))))
                   (diagnostics . ,(vconcat diags))
                   (completion . ,(vconcat (mapcar #'substring-no-properties labels))))))
    (ignore-errors (eglot-shutdown server))))

(condition-case err
    (progn (drv-run) (kill-emacs 0))
  (error
   (ignore-errors (drv-write `((error . ,(error-message-string err)))))
   (kill-emacs 1)))
