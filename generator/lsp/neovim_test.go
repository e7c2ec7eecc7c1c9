package lsp

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// neovimScript drives Neovim's own LSP client (0.7 and later): it opens
// the briefing, waits for the diagnostic of its typo'd passage, types a
// claim with the first words of a passage (an unclosed citation: a second
// diagnostic), takes the first completion as the client applies it, and
// waits for the diagnostics to say the new passage holds. It writes what it saw to $OUT.
const neovimScript = `
local out = io.open(os.getenv('OUT'), 'w')
local function say(s) out:write(s .. '\n'); out:flush() end
vim.cmd('edit ' .. os.getenv('FILE'))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = 'dossier', cmd = { os.getenv('DOSSIER'), 'lsp' }, root_dir = os.getenv('ROOT') })
vim.lsp.buf_attach_client(buf, id)
if not vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  say('no diagnostics'); vim.cmd('qa!')
end
local d = vim.diagnostic.get(buf)[1]
say('diagnostic ' .. d.lnum .. ':' .. d.col .. ' ' .. d.message:gsub('\n', ' | '))
local typed = 'Rubio warned [@standoff, "move on'
vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', typed })
local line = vim.api.nvim_buf_line_count(buf) - 1
vim.wait(10000, function() return #vim.diagnostic.get(buf) == 2 end, 20)
say('diagnostics while typing ' .. #vim.diagnostic.get(buf))
local res = vim.lsp.buf_request_sync(buf, 'textDocument/completion',
  { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = line, character = #typed } }, 10000)
local items = res and res[id] and res[id].result and res[id].result.items or {}
if #items == 0 then say('no completion'); vim.cmd('qa!') end
vim.lsp.util.apply_text_edits({ items[1].textEdit }, buf, 'utf-16')
say('completed ' .. vim.api.nvim_buf_get_lines(buf, line, line + 1, false)[1])
vim.wait(10000, function() return #vim.diagnostic.get(buf) == 1 end, 20)
say('diagnostics after ' .. #vim.diagnostic.get(buf))
vim.lsp.stop_client(id)
vim.wait(3000, function() return vim.lsp.client_is_stopped(id) end, 20)
say('stopped ' .. tostring(vim.lsp.client_is_stopped(id)))
vim.cmd('qa!')
`

func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("no nvim: make test installs Debian's neovim (scripts/browser-deps.sh)")
		}
		t.Skip("no nvim: apt-get install neovim, or make test")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "dossier")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	dir := exampleSite(t)
	file := filepath.Join(dir, filepath.FromSlash(briefing))
	text := readFile(t, dir, briefing)
	os.WriteFile(file, []byte(strings.Replace(text, "I mean days", "I mean dayz", 1)), 0o644)
	script := filepath.Join(tmp, "test.lua")
	os.WriteFile(script, []byte(neovimScript), 0o644)
	outFile := filepath.Join(tmp, "out")
	cmd := exec.Command(nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OUT="+outFile, "FILE="+file, "ROOT="+dir, "DOSSIER="+bin, "HOME="+tmp, "XDG_STATE_HOME="+tmp)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, out)
	}
	got, _ := os.ReadFile(outFile)
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	want := []string{
		`diagnostic 17:0 passage not found in @paris-april-18: "in the very short term and I mean dayz" | did you mean "in the very short term and I mean days" (¶3, 97% similar)? | difference: in the very short term and I mean [-dayz-]{+days+}`,
		`diagnostics while typing 2`,
		`completed Rubio warned [@standoff, "The United States has issued a stern warning: unless tangible progress is made in brokering peace between Kyiv and Moscow, Washington may “move on” from negotiations altogether."]`,
		`diagnostics after 1`,
		`stopped true`,
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Fatalf("Neovim saw:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}
