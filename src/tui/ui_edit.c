/* ui_edit.c - the editor widget's view (drawing the model, its keys) and the hand-off to
 * $VISUAL/$EDITOR through a private file in memory (/dev/shm) that never outlives the edit. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include "reflect/i18n.h"
#include "reflect/memdir.h"
#include "reflect/ui_screen.h"


void ui_edit_draw(ui *u, editor *ed, int y, int x, int h, int w, bool focused,
		  const char *placeholder)
{
	if (h <= 0 || w <= 2)
		return;
	editor_set_width(ed, w - 1);
	size_t top = editor_scroll(ed, h);
	size_t rows = editor_rows(ed);
	if (editor_len(ed) == 0 && placeholder && *placeholder) {
		ui_put(u, y, x, w - 1, placeholder, UI_HINT);
	} else {
		for (int r = 0; r < h && top + (size_t)r < rows; r++) {
			size_t st, len;
			editor_row(ed, top + (size_t)r, &st, &len);
			char *line = malloc(len + 1);
			if (!line)
				break;
			memcpy(line, editor_text(ed) + st, len);
			line[len] = '\0';
			ui_put(u, y + r, x, w - 1, line, UI_NORMAL);
			sodium_memzero(line, len);
			free(line);
		}
	}
	if (top > 0)
		ui_put(u, y, x + w - 1, 1, "^", UI_HINT);
	if (top + (size_t)h < rows)
		ui_put(u, y + h - 1, x + w - 1, 1, "v", UI_HINT);
	if (focused) {
		size_t r;
		int c;
		editor_cursor_pos(ed, &r, &c);
		u->cur_y = y + (int)(r - top);
		u->cur_x = x + (c < w - 1 ? c : w - 1);
		u->cur_show = true;
	}
}

ui_edit_outcome ui_edit_key(ui *u, editor *ed, const ui_event *ev, int h)
{
	if (ev->type != UI_EV_KEY)
		return UI_EDIT_IGNORED;
	if (ev->fn) {
		int k = (int)ev->ch;
		size_t r;
		int c;
		if (k == KEY_LEFT)
			editor_left(ed);
		else if (k == KEY_RIGHT)
			editor_right(ed);
		else if (k == KEY_UP) {
			editor_cursor_pos(ed, &r, &c);
			if (r == 0)
				return UI_EDIT_UP_OUT;
			editor_up(ed);
		} else if (k == KEY_DOWN) {
			editor_cursor_pos(ed, &r, &c);
			if (r + 1 >= editor_rows(ed))
				return UI_EDIT_DOWN_OUT;
			editor_down(ed);
		} else if (k == KEY_HOME)
			editor_home(ed);
		else if (k == KEY_END)
			editor_end(ed);
		else if (k == KEY_BACKSPACE)
			editor_backspace(ed);
		else if (k == KEY_DC)
			editor_delete(ed);
		else if (k == KEY_PPAGE)
			editor_page_up(ed, h > 1 ? h - 1 : 1);
		else if (k == KEY_NPAGE)
			editor_page_down(ed, h > 1 ? h - 1 : 1);
		else if (k == KEY_ENTER) {
			if (!editor_multiline(ed))
				return UI_EDIT_IGNORED;
			editor_insert(ed, "\n", 1);
		} else if (u->key_ctrl_left && k == u->key_ctrl_left)
			editor_word_left(ed);
		else if (u->key_ctrl_right && k == u->key_ctrl_right)
			editor_word_right(ed);
		else
			return UI_EDIT_IGNORED;
		return UI_EDIT_HANDLED;
	}
	uint32_t ch = ev->ch;
	if (ev->alt) {
		if (ch == 'b' || ch == 'B')
			editor_word_left(ed);
		else if (ch == 'f' || ch == 'F')
			editor_word_right(ed);
		else if (ch == 127 || ch == 8)
			editor_delete_word_back(ed);
		else
			return UI_EDIT_IGNORED;
		return UI_EDIT_HANDLED;
	}
	if (ch == '\r' || ch == '\n') {
		if (!editor_multiline(ed))
			return UI_EDIT_IGNORED;
		if (editor_insert(ed, "\n", 1) == RF_ERR_TOO_BIG)
			ui_notef(u, true, "%s", _("This field is full."));
		return UI_EDIT_HANDLED;
	}
	if (ch == 127 || ch == 8) {
		editor_backspace(ed);
		return UI_EDIT_HANDLED;
	}
	if (ch == 23) { /* Ctrl-W */
		editor_delete_word_back(ed);
		return UI_EDIT_HANDLED;
	}
	if (ch == 15) { /* Ctrl-O */
		ui_external_edit(u, ed);
		return UI_EDIT_HANDLED;
	}
	if (ch < 0x20 || ch == 127 || (ch >= 0x80 && ch < 0xA0))
		return UI_EDIT_IGNORED;
	if (editor_insert_char(ed, ch) == RF_ERR_TOO_BIG)
		ui_notef(u, true, "%s", _("This field is full."));
	return UI_EDIT_HANDLED;
}

/* ---- $VISUAL / $EDITOR ---- */

void ui_sweep_shm(void)
{
	memdir_sweep();
}

void ui_external_edit(ui *u, editor *ed)
{
	const char *cmd = getenv("VISUAL");
	if (!cmd || !*cmd)
		cmd = getenv("EDITOR");
	if (!cmd || !*cmd) {
		ui_notef(u, true, "%s", _("Set VISUAL or EDITOR to write this in your own editor."));
		return;
	}
	char dir[128];
	char path[160];
	char script[1024];
	rf_status mst = memdir_make(dir, sizeof dir);
	if (mst == RF_ERR_INVALID) {
		ui_notef(u, true, "%s", _("Your own editor is used only through memory (/dev/shm), which "
				  "is not here; nothing was written."));
		return;
	}
	if (mst != RF_OK) {
		ui_notef(u, true, "%s", _("A private place in /dev/shm could not be made; nothing was written."));
		return;
	}
	mst = memdir_write(dir, "reflection.txt", editor_text(ed), editor_len(ed), path, sizeof path);
	if (mst == RF_OK) {
		/* editors expect a file to end with a newline */
		int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || write(fd, "\n", 1) != 1)
			mst = RF_ERR_IO;
		if (fd >= 0)
			close(fd);
	}
	if (mst != RF_OK) {
		memdir_wipe(dir);
		ui_notef(u, true, "%s", _("The private file could not be written; nothing changed."));
		return;
	}
	snprintf(script, sizeof script, "%s \"$@\"", cmd);

	def_prog_mode();
	endwin();
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		execl("/bin/sh", "sh", "-c", script, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	u->last_input = time(NULL); /* the person was busy in the editor, not away */

	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		size_t tlen = 0;
		char *text = memdir_read(path, EDITOR_DEFAULT_MAX, &tlen);
		/* editors end files with a newline; the field does not need it */
		while (text && tlen > 0 && (text[tlen - 1] == '\n' || text[tlen - 1] == '\r'))
			text[--tlen] = '\0';
		if (text) {
			if (editor_set_text(ed, text) == RF_OK)
				ui_notef(u, false, "%s", _("Your text is back from the editor; the private file is "
						   "wiped and gone."));
			else
				ui_notef(u, true, "%s", _("That was too long to take back; your text is as it was."));
			ui_free_text(&text);
		} else {
			ui_notef(u, true, "%s", _("The edited text could not be read back; it is as it was."));
		}
	} else {
		ui_notef(u, true, "%s", _("The editor did not finish cleanly; your text is as it was."));
	}
	memdir_wipe(dir);
}
