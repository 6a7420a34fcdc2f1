/*
 * Files and directories detectd writes in, safe against the account it
 * runs as.  Started as root with a `user`, detectd opens its files
 * before it becomes that user, and the user may write in the state and
 * spool directories: a symbolic or hard link planted there must not make
 * root write where the user could not.  So every file detectd creates or
 * writes to is opened here:
 *
 *   - never through a symbolic link (O_NOFOLLOW), always O_CLOEXEC;
 *   - a regular file with another name (a hard link), or belonging to
 *     someone other than the service user or root, is refused;
 *   - a file root made or owned is given to the service user, who
 *     reopens it after the drop (logrotate, a new spool segment);
 *   - a temporary file is made new (O_EXCL) after whatever had its name
 *     is removed.
 *
 * Directories are made, when missing, with the service user as owner,
 * and checked before anything is opened in them; a wrong owner or mode
 * is refused with a message naming the path, what it is and what it
 * should be.  The owner is passed in (detectd.c works it out from the
 * configuration); NULL stands for the process's own effective ids.
 */
#ifndef DETECTD_SAFEFS_H
#define DETECTD_SAFEFS_H

#include <sys/types.h>

#include <stdio.h>

/* The account detectd runs as once started: what it makes is theirs. */
struct safefs_owner {
	uid_t	 uid;
	gid_t	 gid;
};

/* *o = *owner, or the process's own effective ids when owner is NULL. */
void	safefs_ids(const struct safefs_owner *owner, struct safefs_owner *o);

#define SAFEFS_OWNED	0x1	/* detectd makes files in it: the owner's */
#define SAFEFS_NOFOLLOW	0x2	/* the path itself may not be a link */

/*
 * Makes dir (not its parents) with mode and owner when it is missing,
 * then checks it: a directory, belonging to the owner (or to root,
 * unless SAFEFS_OWNED), not writable by other users (by its group only
 * when that is the owner's group; by everyone only with the sticky bit
 * and not SAFEFS_OWNED).  With SAFEFS_OWNED the owner must be able to
 * write in it.  An open descriptor of it (O_DIRECTORY), or -1 with the
 * reason logged after what ("state-dir", "output alerts").
 */
int	safefs_dir(const char *what, const char *dir, mode_t mode, int flags,
	    const struct safefs_owner *);
/*
 * open(2) of a file to write, at dirfd (AT_FDCWD: path as it is), with
 * O_NOFOLLOW and O_CLOEXEC added, checked and given to the owner as
 * above.  The descriptor, or -1 with the reason logged after what.
 */
int	safefs_open(const char *what, int dirfd, const char *path, int flags,
	    mode_t mode, const struct safefs_owner *);
/*
 * The same for a path the administrator names (a file output): a
 * symbolic link at it is followed, one level, if it belongs to root or
 * to the process's own user (as fs.protected_symlinks reasons: such a
 * link gives no one more than they have); any other link is refused.
 */
int	safefs_open_path(const char *what, const char *path, int flags,
	    mode_t mode, const struct safefs_owner *);
/*
 * A temporary file, made new with O_EXCL after whatever had its name (a
 * copy left by a crash, a planted link) is removed; write-only.
 */
int	safefs_create(const char *what, int dirfd, const char *path,
	    mode_t mode, const struct safefs_owner *);

/*
 * A file of the state directory to read (fopen "r"), never through a
 * symbolic link: NULL with errno set (ELOOP for a link, ENOENT).
 */
FILE	*safefs_fopen_read(const char *path);

#endif
