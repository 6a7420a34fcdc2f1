/*
 * Whole-or-nothing state files: see atomicfile.h.  The temporary file
 * is made new (safefs_create): one planted by the account detectd runs
 * as, or left by a crash, is removed rather than written through.
 */
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/atomicfile.h"
#include "util/log.h"
#include "util/safefs.h"

/* The rename itself reaches the disk with its directory. */
static void
atomicfile_sync_dir(const char *path)
{
	char	*copy;
	int	 fd;

	if ((copy = strdup(path)) == NULL)
		return;
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) !=
	    -1) {
		(void)fsync(fd);
		close(fd);
	}
	free(copy);
}

int
atomicfile_write(const char *path, atomicfile_fn fn, void *arg)
{
	char	*tmp;
	FILE	*fp = NULL;
	int	 fd;

	if (asprintf(&tmp, "%s.tmp", path) == -1) {
		log_warn("%s", path);
		return -1;
	}
	if ((fd = safefs_create(__func__, AT_FDCWD, tmp, 0640, NULL)) == -1)
		goto fail;
	if ((fp = fdopen(fd, "w")) == NULL) {
		log_warn("%s", tmp);
		close(fd);
		goto fail;
	}
	if (fn(fp, arg) == -1 || fflush(fp) == EOF || ferror(fp) ||
	    fsync(fileno(fp)) == -1) {
		log_warn("%s", tmp);
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) == EOF) {
		log_warn("%s", tmp);
		goto fail;
	}
	if (rename(tmp, path) == -1) {
		log_warn("%s: rename", path);
		goto fail;
	}
	atomicfile_sync_dir(path);
	free(tmp);
	return 0;
fail:
	(void)unlink(tmp);
	free(tmp);
	return -1;
}
