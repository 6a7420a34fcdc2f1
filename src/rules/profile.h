/*
 * Normal-business profiles: what an organisation, or a group of its
 * endpoints given by address prefixes, usually does.  A rule asks
 * "FIELD not in profile KEY": the profile of the event's endpoint
 * (longest prefix of source.ip; the profile without networks for the
 * rest) declares KEY, and the value is not among its allowances.
 *
 *	profile hq {
 *		networks 10.20.0.0/16
 *		countries JP US
 *		ports 80 443 8080
 *		executable-sources download.windowsupdate.com list exe-sites
 *	}
 *
 * A key a group profile does not declare is taken from the profile
 * without networks, if there is one.
 */
#ifndef DETECTD_PROFILE_H
#define DETECTD_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "event/logevent.h"
#include "conf/conf.h"

struct list;
struct profile;
struct profiles;

enum profile_key {
	PK_COUNTRIES = 0,
	PK_PORTS,
	PK_CONNECT_PORTS,
	PK_SERVERS,
	PK_SERVICES,
	PK_APPLICATIONS,
	PK_CATEGORIES,
	PK_EXE_SOURCES,
	PK_UPLOAD_TYPES,
	PK_QUERIES,
	PK_MAX
};

/* What is checked against the allowances. */
struct profile_value {
	struct slice	 s;		/* text fields */
	int64_t		 num;		/* numeric fields; -1 unknown */
	int		 isnum;
};

typedef struct list *(*profile_list_lookup)(void *arg, const char *name);

struct profiles	*profiles_new(void);
void		 profiles_free(struct profiles *);
/* profile NAME { ... } */
int		 profiles_statement(struct profiles *, const struct cnode *,
		    profile_list_lookup, void *arg, struct cerrors *);
/* After the last statement: index the networks. */
int		 profiles_finish(struct profiles *, struct cerrors *);
size_t		 profiles_count(const struct profiles *);
/* The profile of an endpoint address, or NULL when none covers it. */
const struct profile *profiles_find(const struct profiles *,
		    struct slice src_ip);
/*
 * Whether profiles_find's answer depends on the address: 0 when no
 * profile names networks (every endpoint has the default, or none).
 */
int		 profiles_by_address(const struct profiles *);

/*
 * Whether the endpoints' profiles declare KEY, before any endpoint is
 * known: PROFILES_ALL when the default profile declares it (every
 * endpoint's profile then has it, its own or lent), PROFILES_NONE when
 * no profile does, PROFILES_SOME otherwise (it depends on the address).
 */
#define PROFILES_NONE	0
#define PROFILES_SOME	1
#define PROFILES_ALL	2
int		 profiles_declared(const struct profiles *, enum profile_key);

const char	*profile_name(const struct profile *);
int		 profile_key_from_name(const char *);	/* -1 if unknown */
const char	*profile_key_name(enum profile_key);
/* Whether KEY takes numbers (ports) rather than text. */
int		 profile_key_numeric(enum profile_key);
/*
 * 1 when the value is among the allowances of key, 0 when it is not, -1
 * when neither can be said: the key is not declared (here or in the
 * default profile), or the value is missing.  ev gives what some keys
 * need besides the value (the port of a service, the URL of a query).
 */
/* Whether the profile (or the default it falls back to) declares k. */
int		 profile_declares(const struct profile *, enum profile_key);
int		 profile_allows(const struct profile *, enum profile_key,
		    const struct profile_value *, const struct logevent *ev);
/* The declared allowances as text for a message ("JP, US"). */
void		 profile_describe(const struct profile *, enum profile_key,
		    char *out, size_t outsz);

#endif
