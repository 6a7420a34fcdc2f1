/*
 * The collector's state file: per input, the committed offset of every
 * file it knows, under the file's identity, with a hash of the bytes just
 * before the offset.  Text, one record a line; written atomically
 * (temporary file, fsync, rename, fsync of the directory).
 *
 *	detectd-state 2
 *	I <input> <last scan, ms since the epoch>
 *	F <input> <dev> <ino> <head len> <head hash> <offset> <prev len>
 *	  <prev hash> <path, %-escaped>
 *	E <number of I and F records>
 *
 * (fields separated by one tab, one F record a line).  The E record
 * says the file is whole.  A damaged file (empty, cut short, a bad
 * record, not a state file) is loaded for what it holds and says why in
 * damage: its caller keeps it aside and reads as if every input had
 * state, so that files it does not know are read from their start.
 * Version 1 files (no E record) load, damaged only when empty or holding
 * no record at all.
 */
#ifndef DETECTD_STATE_H
#define DETECTD_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "collector/logfile.h"

struct state_file {
	char		*input;
	struct fileid	 id;
	uint64_t	 off;
	uint32_t	 prev_len;
	uint64_t	 prev_hash;
	char		*path;
};

struct state_input {
	char		*name;
	int64_t		 scanned_ms;	/* wall clock of its last scan */
};

struct state {
	struct state_input	*in;
	size_t			 nin;
	struct state_file	*f;
	size_t			 nf;
	char			 damage[96];	/* why damaged, or "" */
	int64_t			 mtime_ms;	/* of the file loaded */
};

struct state	*state_new(void);
void		 state_free(struct state *);
/*
 * A missing file is an empty state; bad records are skipped and logged,
 * and make the state damaged.  NULL when the file cannot be read or is
 * not a regular file (a directory, a symbolic link): logged.
 */
struct state	*state_load(const char *path);
/*
 * Rename a damaged state file to PATH.corrupt-TIMESTAMP (UTC, made unique),
 * its name in aside; -1 on an error (logged).
 */
int		 state_set_aside(const char *path, char *aside, size_t len);
int		 state_save(const struct state *, const char *path);
int		 state_add_input(struct state *, const char *name,
		    int64_t scanned_ms);
/* Copies f (and its strings). */
int		 state_add_file(struct state *, const struct state_file *);
const struct state_input *state_input(const struct state *, const char *name);

#endif
