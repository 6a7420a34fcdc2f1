/*
 * Endpoint identity (src/analyzers/identity.c): bindings learned from
 * DHCP, AD logons and Sysmon, keyed by event time (a lease moving an
 * address to another host), the source and target sides of an event, and
 * the bound on the tables.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyzers/identity.h"
#include "event/logevent.h"
#include "testmain.h"

#define T0	1773129600000LL
#define MIN	60000LL

static struct logevent	 ev;

static void
ev_new(int64_t t, enum source_kind k)
{
	logevent_reset(&ev);
	ev.time_ms = t;
	ev.source = k;
}

static void
dhcp(struct identity *id, int64_t t, const char *action, const char *ip,
    const char *mac, const char *host)
{
	ev_new(t, SRC_DHCP);
	ev.action = slice_cstr(action);
	ev.src_ip = slice_cstr(ip);
	ev.src_mac = slice_cstr(mac);
	if (host != NULL)
		ev.src_host = slice_cstr(host);
	identity_learn(id, &ev);
}

static void
proxy(int64_t t, const char *ip)
{
	ev_new(t, SRC_PROXY);
	ev.src_ip = slice_cstr(ip);
	ev.dst_domain = slice_cstr("www.example.com");
}

static const char *
key_of_proxy(struct identity *id, int64_t t, const char *ip)
{
	static struct endpoint_id	 ep;

	proxy(t, ip);
	if (identity_source(id, &ev, &ep) == -1)
		return "(none)";
	return ep.key;
}

START_TEST(identity_dhcp_lease_moves)
{
	struct identity	*id = identity_new(0);
	struct identity_stats st;

	ck_assert_ptr_nonnull(id);
	dhcp(id, T0, "ack", "10.20.0.8", "00:16:3e:00:00:07", "WS00007");
	/* Before any lease the address is its own key. */
	ck_assert_str_eq(key_of_proxy(id, T0 - 3600000, "10.20.0.8"),
	    "10.20.0.8");
	/* A little early still counts: renewals come before expiry. */
	ck_assert_str_eq(key_of_proxy(id, T0 - MIN, "10.20.0.8"), "ws00007");
	ck_assert_str_eq(key_of_proxy(id, T0 + MIN, "10.20.0.8"), "ws00007");
	dhcp(id, T0 + 60 * MIN, "release", "10.20.0.8", "00:16:3e:00:00:07",
	    "WS00007");
	dhcp(id, T0 + 65 * MIN, "ack", "10.20.0.8", "00:16:3e:00:00:3d",
	    "LT-CAROL");
	dhcp(id, T0 + 61 * MIN, "ack", "10.20.9.9", "00:16:3e:00:00:07",
	    "WS00007");
	/* Each event by the binding of its own time, read in any order. */
	ck_assert_str_eq(key_of_proxy(id, T0 + 70 * MIN, "10.20.0.8"),
	    "lt-carol");
	ck_assert_str_eq(key_of_proxy(id, T0 + 30 * MIN, "10.20.0.8"),
	    "ws00007");
	ck_assert_str_eq(key_of_proxy(id, T0 + 62 * MIN, "10.20.0.8"),
	    "10.20.0.8");
	ck_assert_str_eq(key_of_proxy(id, T0 + 70 * MIN, "10.20.9.9"),
	    "ws00007");
	ck_assert_str_eq(identity_host_at(id, "10.20.0.8", T0 + 5 * MIN),
	    "ws00007");
	identity_stats(id, &st);
	ck_assert_uint_eq(st.ips, 2);
	ck_assert_uint_eq(st.moves, 0);	/* a release came between */
	dhcp(id, T0 + 90 * MIN, "ack", "10.20.0.8", "00:16:3e:00:00:aa",
	    "WS00099");
	identity_stats(id, &st);
	ck_assert_uint_eq(st.moves, 1);
	identity_free(id);
}
END_TEST

START_TEST(identity_ad_and_sysmon)
{
	struct identity		*id = identity_new(0);
	struct endpoint_id	 ep;

	/* 4624 on the DC: workstation name and address, and its user. */
	ev_new(T0, SRC_AD);
	ev.win_event_id = 4624;
	ev.host_name = slice_cstr("DC01.corp.local");
	ev.src_ip = slice_cstr("::ffff:10.20.1.5");
	ev.src_host = slice_cstr("WS0005");
	ev.user = slice_cstr("alice");
	ev.logon_type = slice_cstr("3");
	identity_learn(id, &ev);
	ck_assert_str_eq(key_of_proxy(id, T0 + MIN, "10.20.1.5"), "ws0005");
	proxy(T0 + MIN, "10.20.1.5");
	ck_assert_int_eq(identity_source(id, &ev, &ep), 0);
	ck_assert_str_eq(ep.user, "alice");
	ck_assert_str_eq(ep.ip, "10.20.1.5");
	/* Machine accounts are no user of the endpoint. */
	ev_new(T0 + 2 * MIN, SRC_AD);
	ev.win_event_id = 4776;
	ev.src_host = slice_cstr("WS0005");
	ev.user = slice_cstr("WS0005$");
	identity_learn(id, &ev);
	proxy(T0 + 3 * MIN, "10.20.1.5");
	ck_assert_int_eq(identity_source(id, &ev, &ep), 0);
	ck_assert_str_eq(ep.user, "alice");
	/* Sysmon: the computer by its short name, its own address (3). */
	ev_new(T0 + 4 * MIN, SRC_ENDPOINT);
	ev.win_event_id = 3;
	ev.win_channel = slice_cstr("Microsoft-Windows-Sysmon/Operational");
	ev.host_name = slice_cstr("WS0006.corp.local");
	ev.src_ip = slice_cstr("10.20.1.6");
	ev.user = slice_cstr("bob");
	identity_learn(id, &ev);
	ck_assert_str_eq(key_of_proxy(id, T0 + 5 * MIN, "10.20.1.6"), "ws0006");
	/* A process event names no address: the computer is the endpoint. */
	ev_new(T0 + 6 * MIN, SRC_ENDPOINT);
	ev.win_event_id = 1;
	ev.host_name = slice_cstr("WS0006.corp.local");
	ck_assert_int_eq(identity_source(id, &ev, &ep), 0);
	ck_assert_str_eq(ep.key, "ws0006");
	ck_assert_str_eq(ep.ip, "10.20.1.6");
	ck_assert_str_eq(ep.user, "bob");
	identity_free(id);
}
END_TEST

/*
 * Saved and read back, the table answers as before: bindings with their
 * history (a release, a move), users with spaces, MACs; a file that is
 * no identity file is refused, and bad lines are counted and skipped.
 */
START_TEST(identity_save_load)
{
	struct identity		*id = identity_new(0), *id2;
	struct endpoint_id	 ep;
	char			*buf = NULL;
	size_t			 len = 0, bad;
	FILE			*fp;

	ck_assert_ptr_nonnull(id);
	dhcp(id, T0, "ack", "10.20.0.8", "00:16:3e:00:00:07", "WS00007");
	dhcp(id, T0 + 60 * MIN, "release", "10.20.0.8", "00:16:3e:00:00:07",
	    "WS00007");
	dhcp(id, T0 + 65 * MIN, "ack", "10.20.0.8", "00:16:3e:00:00:3d",
	    "LT-CAROL");
	ev_new(T0, SRC_AD);
	ev.win_event_id = 4624;
	ev.src_ip = slice_cstr("10.20.1.5");
	ev.src_host = slice_cstr("WS0005");
	ev.user = slice_cstr("Alice Smith");
	identity_learn(id, &ev);
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	ck_assert_int_eq(identity_write(id, fp), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(strstr(buf, IDENTITY_STATE_MAGIC "\n"));

	ck_assert_ptr_nonnull(id2 = identity_new(0));
	ck_assert_ptr_nonnull(fp = fmemopen(buf, len, "r"));
	ck_assert_int_eq(identity_read(id2, fp, &bad), 5);
	ck_assert_uint_eq(bad, 0);
	fclose(fp);
	ck_assert_str_eq(key_of_proxy(id2, T0 + 30 * MIN, "10.20.0.8"),
	    "ws00007");
	ck_assert_str_eq(key_of_proxy(id2, T0 + 62 * MIN, "10.20.0.8"),
	    "10.20.0.8");
	ck_assert_str_eq(key_of_proxy(id2, T0 + 70 * MIN, "10.20.0.8"),
	    "lt-carol");
	proxy(T0 + MIN, "10.20.1.5");
	ck_assert_int_eq(identity_source(id2, &ev, &ep), 0);
	ck_assert_str_eq(ep.key, "ws0005");
	ck_assert_str_eq(ep.user, "Alice Smith");
	proxy(T0 + 70 * MIN, "10.20.0.8");
	ck_assert_int_eq(identity_source(id2, &ev, &ep), 0);
	ck_assert_str_eq(ep.mac, "00:16:3e:00:00:3d");
	identity_free(id2);
	free(buf);

	/* Another file, and lines that cannot be used. */
	buf = strdup("detectd-stats-baselines 1\n");
	ck_assert_ptr_nonnull(fp = fmemopen(buf, strlen(buf), "r"));
	ck_assert_ptr_nonnull(id2 = identity_new(0));
	ck_assert_int_eq(identity_read(id2, fp, &bad), -1);
	fclose(fp);
	free(buf);
	buf = strdup(IDENTITY_STATE_MAGIC "\n"
	    "ip 31302e302e302e31 100 777\n"		/* odd hex */
	    "ip 31302e302e302e31 200 7773 100 7774\n"	/* out of order */
	    "ip 31302e302e302e31 notatime 7773\n"
	    "host 5 7773\n"				/* fields missing */
	    "what is this\n"
	    "ip 31302e302e302e32 100 7773\n");		/* good: 10.0.0.2 ws */
	ck_assert_ptr_nonnull(fp = fmemopen(buf, strlen(buf), "r"));
	ck_assert_int_eq(identity_read(id2, fp, &bad), 1);
	ck_assert_uint_eq(bad, 5);
	fclose(fp);
	free(buf);
	ck_assert_str_eq(identity_host_at(id2, "10.0.0.2", 150), "ws");
	ck_assert_ptr_null(identity_host_at(id2, "10.0.0.1", 150));
	identity_free(id2);
	identity_free(id);
}
END_TEST

START_TEST(identity_target_side)
{
	struct identity		*id = identity_new(0);
	struct endpoint_id	 from, to;

	dhcp(id, T0, "ack", "10.20.0.23", "00:16:3e:00:00:17", "WS00023");
	/* A network logon on B from A's address. */
	ev_new(T0 + MIN, SRC_AD);
	ev.win_event_id = 4624;
	ev.host_name = slice_cstr("WS00023.corp.local");
	ev.src_ip = slice_cstr("10.20.0.8");
	ev.src_host = slice_cstr("WS00007");
	ck_assert_int_eq(identity_source(id, &ev, &from), 0);
	ck_assert_int_eq(identity_target(id, &ev, &to), 0);
	ck_assert_str_eq(from.key, "ws00007");
	ck_assert_str_eq(to.key, "ws00023");
	/* SMB through the firewall: the destination address. */
	ev_new(T0 + MIN, SRC_FIREWALL);
	ev.src_ip = slice_cstr("10.20.0.8");
	ev.dst_ip = slice_cstr("10.20.0.23");
	ev.dst_port = 445;
	ck_assert_int_eq(identity_target(id, &ev, &to), 0);
	ck_assert_str_eq(to.key, "ws00023");
	ck_assert_int_eq(identity_lookup(id, "ws00023", T0 + MIN, &to), 0);
	ck_assert_str_eq(to.ip, "10.20.0.23");
	ck_assert_str_eq(to.mac, "00:16:3e:00:00:17");
	ck_assert_int_eq(identity_lookup(id, "10.20.0.23", T0 + MIN, &to), 0);
	ck_assert_str_eq(to.host, "ws00023");
	/* Nothing to name: no key. */
	ev_new(T0, SRC_PROXY);
	ck_assert_int_eq(identity_source(id, &ev, &from), -1);
	ev.src_ip = slice_cstr("127.0.0.1");
	ck_assert_int_eq(identity_source(id, &ev, &from), -1);
	identity_free(id);
}
END_TEST

START_TEST(identity_bounded)
{
	struct identity		*id = identity_new(100);
	struct identity_stats	 st;
	char			 ip[32], host[32];
	int			 i;

	for (i = 0; i < 5000; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", i >> 16, (i >> 8) & 255,
		    i & 255);
		snprintf(host, sizeof(host), "host%d", i);
		dhcp(id, T0 + i, "ack", ip, "00:16:3e:00:00:01", host);
	}
	identity_stats(id, &st);
	ck_assert_uint_le(st.ips, 100);
	ck_assert_uint_le(st.hosts, 100);
	ck_assert_uint_eq(st.evictions, 2 * (5000 - 100));
	/* The latest are kept. */
	ck_assert_str_eq(key_of_proxy(id, T0 + 5000, "10.0.19.135"),
	    "host4999");
	identity_free(id);
	identity_free(NULL);
}
END_TEST

/*
 * A mail recipient is a user, at the host they last logged on at: the
 * key of the mail event is that host's, whatever the sending server's
 * address; a later logon elsewhere moves it; unknown users key as users.
 */
static const char *
key_of_mail(struct identity *id, int64_t t, const char *user)
{
	static struct endpoint_id	 ep;
	char				 buf[IDENTITY_KEY_LEN];
	int				 k;

	ev_new(t, SRC_MAIL);
	ev.src_ip = slice_cstr("203.0.113.25");
	ev.user = slice_cstr(user);
	ev.mail_to = slice_cstr("x@corp.example");
	k = identity_source_key(id, &ev, buf);
	if (identity_source(id, &ev, &ep) == -1) {
		ck_assert_int_eq(k, -1);
		return "(none)";
	}
	/* The quick key agrees with the full one. */
	if (k == IDENTITY_USER)
		ck_assert_str_eq(ep.key + 5, buf);
	else
		ck_assert_str_eq(ep.key, buf);
	return ep.key;
}

START_TEST(identity_mail_recipient)
{
	struct identity		*id = identity_new(0), *id2;
	struct endpoint_id	 ep;
	char			*buf = NULL;
	size_t			 len = 0, bad;
	FILE			*fp;

	ck_assert_ptr_nonnull(id);
	ck_assert_str_eq(key_of_mail(id, T0, "alice"), "user:alice");
	ev_new(T0 + MIN, SRC_AD);
	ev.win_event_id = 4624;
	ev.src_ip = slice_cstr("10.20.1.5");
	ev.src_host = slice_cstr("WS0005");
	ev.user = slice_cstr("Alice");
	identity_learn(id, &ev);
	ck_assert_str_eq(key_of_mail(id, T0 + 2 * MIN, "alice"), "ws0005");
	ev_new(T0 + 3 * MIN, SRC_MAIL);
	ev.user = slice_cstr("ALICE");
	ck_assert_int_eq(identity_source(id, &ev, &ep), 0);
	ck_assert_str_eq(ep.ip, "10.20.1.5");
	/* The sending server is no endpoint of ours. */
	ck_assert_str_eq(key_of_mail(id, T0 + 3 * MIN, "bob"), "user:bob");
	ck_assert_str_eq(key_of_mail(id, T0, "SYSTEM"), "(none)");
	/* Alice logs on at another machine: her mail follows her. */
	ev_new(T0 + 10 * MIN, SRC_ENDPOINT);
	ev.win_event_id = 1;
	ev.win_channel = slice_cstr("Microsoft-Windows-Sysmon/Operational");
	ev.host_name = slice_cstr("LT-ALICE.corp.local");
	ev.user = slice_cstr("alice");
	identity_learn(id, &ev);
	ck_assert_str_eq(key_of_mail(id, T0 + 11 * MIN, "alice"), "lt-alice");
	/* Saved and loaded: the users come back from the hosts. */
	ck_assert_ptr_nonnull(fp = open_memstream(&buf, &len));
	ck_assert_int_eq(identity_write(id, fp), 0);
	fclose(fp);
	ck_assert_ptr_nonnull(id2 = identity_new(0));
	ck_assert_ptr_nonnull(fp = fmemopen(buf, len, "r"));
	ck_assert_int_ge(identity_read(id2, fp, &bad), 1);
	fclose(fp);
	ck_assert_str_eq(key_of_mail(id2, T0 + 12 * MIN, "alice"), "lt-alice");
	identity_free(id2);
	free(buf);
	identity_free(id);
}
END_TEST

int
main(void)
{
	const struct test_def	 tests[] = {
		{ identity_dhcp_lease_moves, 0 }, { identity_ad_and_sysmon, 0 },
		{ identity_target_side, 0 }, { identity_bounded, 0 },
		{ identity_save_load, 0 }, { identity_mail_recipient, 0 },
	};

	return test_run("identity", tests, TEST_NITEMS(tests));
}
