/*
 * What detectd writes, opened so that the account it runs as cannot
 * turn it against root: no symbolic links followed, no file of another
 * name or owner written to, directories checked (see safefs.h).  Every
 * failure is logged here, once, after the caller's "what".
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/log.h"
#include "util/safefs.h"

void
safefs_ids(const struct safefs_owner *owner, struct safefs_owner *o)
{
	if (owner != NULL) {
		*o = *owner;
		return;
	}
	o->uid = geteuid();
	o->gid = getegid();
}

/* "nobody" or "uid 1234"; "nogroup" or "gid 1234". */
static const char *
safefs_name(const char *name, const char *kind, unsigned id, char *buf,
    size_t len)
{
	if (name != NULL)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "%s %u", kind, id);
	return buf;
}

static const char *
safefs_user(uid_t uid, char *buf, size_t len)
{
	struct passwd	*pw = getpwuid(uid);

	return safefs_name(pw != NULL ? pw->pw_name : NULL, "uid", uid, buf,
	    len);
}

static const char *
safefs_group(gid_t gid, char *buf, size_t len)
{
	struct group	*gr = getgrgid(gid);

	return safefs_name(gr != NULL ? gr->gr_name : NULL, "gid", gid, buf,
	    len);
}

/* An open(2) that failed, in words an administrator acts on. */
static void
safefs_warn_open(const char *what, int dirfd, const char *path)
{
	struct stat	 st;
	int		 saved = errno;

	/* O_NOFOLLOW | O_DIRECTORY on a link says ENOTDIR. */
	if (saved == ENOTDIR && fstatat(dirfd, path, &st,
	    AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
		saved = ELOOP;
	errno = saved;
	if (errno == ELOOP)
		log_warnx("%s: %s is a symbolic link: detectd does not follow "
		    "links where it writes", what, path);
	else if (errno == ENOTDIR)
		log_warnx("%s: %s is not a directory", what, path);
	else
		log_warn("%s: %s", what, path);
}

static int
safefs_dir_ok(const struct stat *st, int flags, const struct safefs_owner *o)
{
	mode_t	 m = st->st_mode;
	int	 owned = (flags & SAFEFS_OWNED) != 0;

	if (st->st_uid != o->uid && (owned || st->st_uid != 0))
		return 0;
	if ((m & S_IWGRP) && st->st_gid != o->gid)
		return 0;
	if ((m & S_IWOTH) && (owned || !(m & S_ISVTX)))
		return 0;
	return !owned || (m & (S_IWUSR | S_IXUSR)) == (S_IWUSR | S_IXUSR);
}

static void
safefs_dir_refuse(const char *what, const char *dir, const struct stat *st,
    mode_t mode, int flags, const struct safefs_owner *o)
{
	char	 u[64], g[64], wu[64], wg[64];

	safefs_user(o->uid, wu, sizeof(wu));
	safefs_group(o->gid, wg, sizeof(wg));
	log_warnx("%s: %s belongs to %s:%s with mode %04o: it must belong to "
	    "%s%s (the user detectd runs as)%s and be writable by no other "
	    "user (chown %s:%s %s; chmod %04o %s)", what, dir,
	    safefs_user(st->st_uid, u, sizeof(u)),
	    safefs_group(st->st_gid, g, sizeof(g)),
	    (unsigned)(st->st_mode & 07777), wu,
	    flags & SAFEFS_OWNED ? "" : " or root",
	    flags & SAFEFS_OWNED ? ", be writable by it" : "", wu, wg, dir,
	    (unsigned)mode, dir);
}

int
safefs_dir(const char *what, const char *dir, mode_t mode, int flags,
    const struct safefs_owner *owner)
{
	struct safefs_owner	 o;
	struct stat		 st;
	int			 fd, made;

	safefs_ids(owner, &o);
	if (!(made = mkdir(dir, mode) == 0) && errno != EEXIST) {
		log_warn("%s: %s", what, dir);
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC |
	    (flags & SAFEFS_NOFOLLOW ? O_NOFOLLOW : 0));
	if (fd == -1) {
		safefs_warn_open(what, AT_FDCWD, dir);
		return -1;
	}
	if (fstat(fd, &st) == -1) {
		log_warn("%s: %s", what, dir);
		goto fail;
	}
	/* Made by root for the user: theirs from the start. */
	if (made && st.st_uid != o.uid && geteuid() == 0) {
		if (fchown(fd, o.uid, o.gid) == -1) {
			log_warn("%s: %s: chown", what, dir);
			goto fail;
		}
		st.st_uid = o.uid;
		st.st_gid = o.gid;
	}
	if (safefs_dir_ok(&st, flags, &o))
		return fd;
	safefs_dir_refuse(what, dir, &st, mode, flags, &o);
fail:
	close(fd);
	return -1;
}

/* A regular file open to write: only one name, and the owner's or root's. */
static int
safefs_file_ok(const char *what, const char *path, int fd, int made,
    const struct safefs_owner *o)
{
	struct stat	 st;
	char		 u[64], wu[64];

	if (fstat(fd, &st) == -1) {
		log_warn("%s: %s", what, path);
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return 0;
	if (st.st_nlink > 1) {
		log_warnx("%s: %s has %lu names (hard links): detectd writes "
		    "only to a file of one name", what, path,
		    (unsigned long)st.st_nlink);
		return -1;
	}
	if (st.st_uid != o->uid && st.st_uid != 0) {
		log_warnx("%s: %s belongs to %s: detectd writes only to files "
		    "of %s or root", what, path,
		    safefs_user(st.st_uid, u, sizeof(u)),
		    safefs_user(o->uid, wu, sizeof(wu)));
		return -1;
	}
	/* Made as root: the user reopens it once root is dropped. */
	if (made && st.st_uid != o->uid && geteuid() == 0 &&
	    fchown(fd, o->uid, o->gid) == -1) {
		log_warn("%s: %s: chown", what, path);
		return -1;
	}
	return 0;
}

/*
 * O_CREAT without O_EXCL, knowing whether the file was made here (it is
 * given away only then): made with O_EXCL, or else opened as it is; a
 * few times, should it vanish in between.
 */
static int
safefs_make_or_open(int dirfd, const char *path, int flags, mode_t mode,
    int *made)
{
	int	 fd, tries;

	for (tries = 0; tries < 3; tries++) {
		if ((fd = openat(dirfd, path, flags | O_EXCL, mode)) != -1) {
			*made = 1;
			return fd;
		}
		if (errno != EEXIST)
			return -1;
		fd = openat(dirfd, path, flags & ~O_CREAT);
		if (fd != -1 || errno != ENOENT)
			return fd;
	}
	return -1;
}

int
safefs_open(const char *what, int dirfd, const char *path, int flags,
    mode_t mode, const struct safefs_owner *owner)
{
	struct safefs_owner	 o;
	int			 fd, made = 0;

	safefs_ids(owner, &o);
	flags |= O_NOFOLLOW | O_CLOEXEC;
	if ((flags & O_CREAT) && !(flags & O_EXCL))
		fd = safefs_make_or_open(dirfd, path, flags, mode, &made);
	else if ((fd = openat(dirfd, path, flags, mode)) != -1)
		made = (flags & O_EXCL) != 0;
	if (fd == -1) {
		safefs_warn_open(what, dirfd, path);
		return -1;
	}
	if (safefs_file_ok(what, path, fd, made, &o) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Whether path is a symbolic link of root's or of this process's user,
 * still the same once read: 1 with its target in buf (made relative to
 * the link's directory), else 0.
 */
static int
safefs_trusted_link(const char *path, char *buf, size_t len)
{
	struct stat	 st, again;
	char		 target[PATH_MAX], *copy;
	ssize_t		 n;

	if (lstat(path, &st) == -1 || !S_ISLNK(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) ||
	    (n = readlink(path, target, sizeof(target) - 1)) <= 0)
		return 0;
	target[n] = '\0';
	/* Not another link put in its place between the two looks. */
	if (lstat(path, &again) == -1 || again.st_ino != st.st_ino ||
	    again.st_dev != st.st_dev || again.st_uid != st.st_uid)
		return 0;
	if (target[0] == '/' || (copy = strdup(path)) == NULL)
		n = snprintf(buf, len, "%s", target);
	else {
		n = snprintf(buf, len, "%s/%s", dirname(copy), target);
		free(copy);
	}
	return n > 0 && (size_t)n < len;
}

int
safefs_open_path(const char *what, const char *path, int flags, mode_t mode,
    const struct safefs_owner *owner)
{
	char	 target[PATH_MAX];

	if (safefs_trusted_link(path, target, sizeof(target)))
		return safefs_open(what, AT_FDCWD, target, flags, mode, owner);
	return safefs_open(what, AT_FDCWD, path, flags, mode, owner);
}

int
safefs_create(const char *what, int dirfd, const char *path, mode_t mode,
    const struct safefs_owner *owner)
{
	if (unlinkat(dirfd, path, 0) == -1 && errno != ENOENT) {
		log_warn("%s: %s", what, path);
		return -1;
	}
	return safefs_open(what, dirfd, path, O_WRONLY | O_CREAT | O_EXCL,
	    mode, owner);
}

FILE *
safefs_fopen_read(const char *path)
{
	FILE	*fp;
	int	 fd, saved;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) == -1)
		return NULL;
	if ((fp = fdopen(fd, "r")) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return fp;
}
