/*
 * Windows events as JSON lines: Security, System, Sysmon and PowerShell
 * events as Winlogbeat and Elastic Agent write them (the event data
 * under winlog.event_data) or as NXLog's im_msvistalog with to_json()
 * writes them (the event data flat beside EventID, Channel, Hostname).
 * The scheme is told apart on every line, so one file may mix both.
 *
 * One pass over the line notes the members detectd knows, whatever
 * level they sit at, in a table of raw JSON values; then the event's
 * fields are taken from the table, by event id where a name means
 * different things in different events (IpAddress is the client in
 * 4624 and the server in 4648).  A string is decoded only when a field
 * takes it, so the long escaped Message of every event costs a scan
 * and nothing more.
 *
 * Any other member is found by the name Sigma gives it, when a rule
 * asks (logevent_native): the line is scanned again then, and not
 * while parsing.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "event/logevent.h"
#include "event/nindex.h"
#include "util/timeutil.h"
#include "parsers/parser.h"
#include "parsers/formats.h"
#include "parsers/jscan.h"

/* The members detectd reads, by the names both schemes use. */
enum wk {
	WK_EVENTID,
	WK_CHANNEL,
	WK_HOSTNAME,
	WK_EVENTTIME,
	WK_EVENTRECEIVEDTIME,
	WK_TIMESTAMP,
	WK_ACCOUNTNAME,
	WK_UTCTIME,
	WK_TARGETUSERNAME,
	WK_SUBJECTUSERNAME,
	WK_LOGONTYPE,
	WK_IPADDRESS,
	WK_IPPORT,
	WK_WORKSTATIONNAME,
	WK_WORKSTATION,
	WK_AUTHENTICATIONPACKAGENAME,
	WK_PACKAGENAME,
	WK_STATUS,
	WK_SUBSTATUS,
	WK_TARGETSERVERNAME,
	WK_PROCESSNAME,
	WK_OBJECTNAME,
	WK_OBJECTSERVER,
	WK_PROPERTIES,
	WK_ACCESSMASK,
	WK_PRIVILEGELIST,
	WK_NEWPROCESSNAME,
	WK_COMMANDLINE,
	WK_PARENTPROCESSNAME,
	WK_SERVICENAME,
	WK_SERVICEFILENAME,
	WK_IMAGEPATH,
	WK_TICKETENCRYPTIONTYPE,
	WK_SHARENAME,
	WK_RELATIVETARGETNAME,
	WK_IMAGE,
	WK_PARENTIMAGE,
	WK_PARENTCOMMANDLINE,
	WK_USER,
	WK_HASHES,
	WK_HASH,
	WK_ORIGINALFILENAME,
	WK_IMAGELOADED,
	WK_SOURCEIMAGE,
	WK_TARGETIMAGE,
	WK_GRANTEDACCESS,
	WK_SOURCEIP,
	WK_SOURCEPORT,
	WK_SOURCEHOSTNAME,
	WK_DESTINATIONIP,
	WK_DESTINATIONPORT,
	WK_DESTINATIONHOSTNAME,
	WK_PROTOCOL,
	WK_TARGETFILENAME,
	WK_TARGETOBJECT,
	WK_DETAILS,
	WK_PIPENAME,
	WK_QUERYNAME,
	WK_QUERYRESULTS,
	WK_QUERYSTATUS,
	WK_APPLICATION,
	WK_SOURCEADDRESS,
	WK_DESTADDRESS,
	WK_DESTPORT,
	WK_SCRIPTBLOCKTEXT,
	WK_PAYLOAD,
	WK_PATH,
	WK_EVENTCODE,	/* winlogbeat event.code */
	WK_HOSTNAME2,	/* winlogbeat host.name */
	WK_EVUSER,	/* winlogbeat winlog.user.name */
	/* Windows Defender */
	WK_THREATNAME,
	WK_SEVERITYID,
	WK_CATEGORYNAME,
	WK_ACTIONNAME,
	WK_ERRORCODE,
	WK_ERRORDESCRIPTION,
	WK_DETECTIONUSER,
	WK_DPROCESSNAME,
	WK_NEWVALUE,
	WK_MAX
};

#define WK_WORDS	((WK_MAX + 63) / 64)
#define WK_NKEYS	(sizeof(winev_keys) / sizeof(winev_keys[0]))

#define WINEV_MS_QUARTER	(15 * 60 * 1000)
#define WINEV_MAX_OFFSET	(14 * 60 * 60 * 1000)	/* UTC+14 */
#define WINEV_MAX_LAG		(2 * 60 * 1000)

struct winev_key {
	const char	*name;
	size_t		 len;
	enum wk		 slot;
};

/* Sorted by length, then bytes: looked up by binary search. */
static const struct winev_key winev_keys[] = {
	{ "Hash", 4, WK_HASH },
	{ "Path", 4, WK_PATH },
	{ "User", 4, WK_USER },
	{ "Image", 5, WK_IMAGE },
	{ "Hashes", 6, WK_HASHES },
	{ "IpPort", 6, WK_IPPORT },
	{ "Status", 6, WK_STATUS },
	{ "Channel", 7, WK_CHANNEL },
	{ "Details", 7, WK_DETAILS },
	{ "EventID", 7, WK_EVENTID },
	{ "Payload", 7, WK_PAYLOAD },
	{ "UtcTime", 7, WK_UTCTIME },
	{ "DestPort", 8, WK_DESTPORT },
	{ "Hostname", 8, WK_HOSTNAME },
	{ "PipeName", 8, WK_PIPENAME },
	{ "Protocol", 8, WK_PROTOCOL },
	{ "SourceIp", 8, WK_SOURCEIP },
	{ "EventTime", 9, WK_EVENTTIME },
	{ "ImagePath", 9, WK_IMAGEPATH },
	{ "IpAddress", 9, WK_IPADDRESS },
	{ "LogonType", 9, WK_LOGONTYPE },
	{ "New Value", 9, WK_NEWVALUE },
	{ "QueryName", 9, WK_QUERYNAME },
	{ "ShareName", 9, WK_SHARENAME },
	{ "SubStatus", 9, WK_SUBSTATUS },
	{ "@timestamp", 10, WK_TIMESTAMP },
	{ "AccessMask", 10, WK_ACCESSMASK },
	{ "Error Code", 10, WK_ERRORCODE },
	{ "ObjectName", 10, WK_OBJECTNAME },
	{ "Properties", 10, WK_PROPERTIES },
	{ "SourcePort", 10, WK_SOURCEPORT },
	{ "AccountName", 11, WK_ACCOUNTNAME },
	{ "Action Name", 11, WK_ACTIONNAME },
	{ "Application", 11, WK_APPLICATION },
	{ "CommandLine", 11, WK_COMMANDLINE },
	{ "DestAddress", 11, WK_DESTADDRESS },
	{ "ImageLoaded", 11, WK_IMAGELOADED },
	{ "PackageName", 11, WK_PACKAGENAME },
	{ "ParentImage", 11, WK_PARENTIMAGE },
	{ "ProcessName", 11, WK_PROCESSNAME },
	{ "QueryStatus", 11, WK_QUERYSTATUS },
	{ "ServiceName", 11, WK_SERVICENAME },
	{ "Severity ID", 11, WK_SEVERITYID },
	{ "SourceImage", 11, WK_SOURCEIMAGE },
	{ "TargetImage", 11, WK_TARGETIMAGE },
	{ "Threat Name", 11, WK_THREATNAME },
	{ "Workstation", 11, WK_WORKSTATION },
	{ "ObjectServer", 12, WK_OBJECTSERVER },
	{ "Process Name", 12, WK_DPROCESSNAME },
	{ "QueryResults", 12, WK_QUERYRESULTS },
	{ "TargetObject", 12, WK_TARGETOBJECT },
	{ "Category Name", 13, WK_CATEGORYNAME },
	{ "DestinationIp", 13, WK_DESTINATIONIP },
	{ "GrantedAccess", 13, WK_GRANTEDACCESS },
	{ "PrivilegeList", 13, WK_PRIVILEGELIST },
	{ "SourceAddress", 13, WK_SOURCEADDRESS },
	{ "Detection User", 14, WK_DETECTIONUSER },
	{ "NewProcessName", 14, WK_NEWPROCESSNAME },
	{ "SourceHostname", 14, WK_SOURCEHOSTNAME },
	{ "TargetFilename", 14, WK_TARGETFILENAME },
	{ "TargetUserName", 14, WK_TARGETUSERNAME },
	{ "DestinationPort", 15, WK_DESTINATIONPORT },
	{ "ScriptBlockText", 15, WK_SCRIPTBLOCKTEXT },
	{ "ServiceFileName", 15, WK_SERVICEFILENAME },
	{ "SubjectUserName", 15, WK_SUBJECTUSERNAME },
	{ "WorkstationName", 15, WK_WORKSTATIONNAME },
	{ "OriginalFileName", 16, WK_ORIGINALFILENAME },
	{ "TargetServerName", 16, WK_TARGETSERVERNAME },
	{ "Error Description", 17, WK_ERRORDESCRIPTION },
	{ "EventReceivedTime", 17, WK_EVENTRECEIVEDTIME },
	{ "ParentCommandLine", 17, WK_PARENTCOMMANDLINE },
	{ "ParentProcessName", 17, WK_PARENTPROCESSNAME },
	{ "RelativeTargetName", 18, WK_RELATIVETARGETNAME },
	{ "DestinationHostname", 19, WK_DESTINATIONHOSTNAME },
	{ "TicketEncryptionType", 20, WK_TICKETENCRYPTIONTYPE },
	{ "AuthenticationPackageName", 25, WK_AUTHENTICATIONPACKAGENAME },
};

/* A field and the members it is taken from, the first present wins. */
struct winev_map {
	size_t		 off;
	enum wk		 keys[7];	/* ended by WK_MAX */
};

#define WM(member, ...) \
	{ offsetof(struct logevent, member), { __VA_ARGS__, WK_MAX } }

static const struct winev_map winev_maps[] = {
	WM(logon_type, WK_LOGONTYPE),
	WM(target_user, WK_TARGETUSERNAME),
	WM(subject_user, WK_SUBJECTUSERNAME),
	WM(auth_package, WK_AUTHENTICATIONPACKAGENAME, WK_PACKAGENAME),
	WM(ticket_enc, WK_TICKETENCRYPTIONTYPE),
	WM(object_props, WK_PROPERTIES, WK_PRIVILEGELIST),
	WM(access_mask, WK_ACCESSMASK, WK_GRANTEDACCESS),
	WM(service_name, WK_SERVICENAME),
	WM(service_image, WK_SERVICEFILENAME, WK_IMAGEPATH),
	WM(share_name, WK_SHARENAME),
	WM(relative_target, WK_RELATIVETARGETNAME),
	WM(process_image, WK_NEWPROCESSNAME, WK_IMAGE, WK_SOURCEIMAGE,
	    WK_PROCESSNAME, WK_APPLICATION),
	WM(parent_image, WK_PARENTIMAGE, WK_PARENTPROCESSNAME),
	WM(command_line, WK_COMMANDLINE, WK_SCRIPTBLOCKTEXT, WK_PAYLOAD),
	WM(parent_command_line, WK_PARENTCOMMANDLINE),
	WM(hashes, WK_HASHES, WK_HASH),
	WM(file_name, WK_TARGETFILENAME, WK_IMAGELOADED, WK_TARGETIMAGE,
	    WK_OBJECTNAME, WK_ORIGINALFILENAME, WK_PATH),
	WM(pipe_name, WK_PIPENAME),
	WM(registry_key, WK_TARGETOBJECT),
	WM(registry_value, WK_DETAILS),
	WM(src_host, WK_WORKSTATIONNAME, WK_WORKSTATION, WK_SOURCEHOSTNAME),
	WM(dst_domain, WK_DESTINATIONHOSTNAME, WK_TARGETSERVERNAME),
	WM(dns_query, WK_QUERYNAME),
	WM(dns_answers, WK_QUERYRESULTS),
	WM(win_channel, WK_CHANNEL),
};

#undef WM

#define WINEV_NMAPS	(sizeof(winev_maps) / sizeof(winev_maps[0]))

enum winev_chan {
	CH_OTHER,
	CH_SECURITY,
	CH_SYSTEM,
	CH_SYSMON,
	CH_POWERSHELL,
	CH_DEFENDER
};

/* One line's members: raw values, and the strings decoded from them. */
struct winev {
	uint64_t	 have[WK_WORDS];
	uint64_t	 decoded[WK_WORDS];
	struct jvalue	 v[WK_MAX];
	struct slice	 str[WK_MAX];
	struct logevent	*ev;
	struct nindex	*ix;		/* the event's index, if it has one */
	int		 winlog;	/* a Winlogbeat winlog object */
	int		 id;
};

static inline int
winev_has(const struct winev *w, enum wk k)
{
	return (int)((w->have[k >> 6] >> (k & 63)) & 1);
}

static void
winev_set(struct winev *w, enum wk k, const struct jvalue *v)
{
	/* Objects, arrays and null hold nothing a field could take. */
	if (v->type == JS_OBJECT || v->type == JS_ARRAY || v->type == JS_NULL)
		return;
	w->v[k] = *v;
	w->have[k >> 6] |= 1ULL << (k & 63);
}

static int
winev_lookup(struct slice key)
{
	size_t			 lo = 0, hi = WK_NKEYS, mid;
	const struct winev_key	*k;
	int			 c;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		k = &winev_keys[mid];
		if (k->len != key.len)
			c = k->len < key.len ? -1 : 1;
		else
			c = memcmp(k->name, key.p, key.len);
		if (c == 0)
			return (int)k->slot;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Ranks in the index: a name of Winlogbeat's event data wins over its
 * user data's, and both over the line's own members (winev_find).
 */
enum winev_rank {
	WR_EVENT_DATA,
	WR_USER_DATA,
	WR_TOP
};

/* A member into the event's index, when it has one. */
static void
winev_index(struct winev *w, struct slice key, const struct jvalue *v,
    enum winev_rank rank)
{
	if (w->ix != NULL)
		(void)nindex_add(w->ix, key, v->raw, (uint8_t)v->type,
		    (uint8_t)v->escaped, (uint8_t)rank);
}

/* Every member of Winlogbeat's event_data or user_data. */
static int
winev_scan_data(struct winev *w, const struct jvalue *obj,
    enum winev_rank rank)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	int		 r, k;

	if (jscan_enter(&js, obj) == -1)
		return -1;
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		winev_index(w, key, &v, rank);
		if ((k = winev_lookup(key)) != -1)
			winev_set(w, (enum wk)k, &v);
	}
	return r;
}

/* One member of a small object: host.name, event.code, winlog.user.name. */
static int
winev_pick(struct winev *w, const struct jvalue *obj, const char *name,
    enum wk slot)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	int		 r;

	if (jscan_enter(&js, obj) == -1)
		return -1;
	while ((r = jscan_next(&js, &key, &v)) == 1)
		if (jscan_key_is(key, name))
			winev_set(w, slot, &v);
	return r;
}

static int
winev_scan_winlog(struct winev *w, const struct jvalue *obj)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	int		 r;

	if (jscan_enter(&js, obj) == -1)
		return -1;
	w->winlog = 1;
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		if (jscan_key_is(key, "event_id"))
			winev_set(w, WK_EVENTID, &v);
		else if (jscan_key_is(key, "channel"))
			winev_set(w, WK_CHANNEL, &v);
		else if (jscan_key_is(key, "computer_name"))
			winev_set(w, WK_HOSTNAME, &v);
		else if (v.type != JS_OBJECT)
			continue;
		else if (jscan_key_is(key, "event_data"))
			r = winev_scan_data(w, &v, WR_EVENT_DATA);
		else if (jscan_key_is(key, "user_data"))
			r = winev_scan_data(w, &v, WR_USER_DATA);
		else if (jscan_key_is(key, "user"))
			r = winev_pick(w, &v, "name", WK_EVUSER);
		if (r == -1)
			return -1;
	}
	return r;
}

/* The top level: NXLog's flat members, or Winlogbeat's objects. */
static int
winev_scan(struct winev *w, const char *p, size_t len)
{
	struct jscan	 js;
	struct slice	 key;
	struct jvalue	 v;
	int		 r, k;

	jscan_init(&js, p, len);
	while ((r = jscan_next(&js, &key, &v)) == 1) {
		winev_index(w, key, &v, WR_TOP);
		if (v.type != JS_OBJECT) {
			if ((k = winev_lookup(key)) != -1)
				winev_set(w, (enum wk)k, &v);
			continue;
		}
		if (jscan_key_is(key, "winlog"))
			r = winev_scan_winlog(w, &v);
		else if (jscan_key_is(key, "host"))
			r = winev_pick(w, &v, "name", WK_HOSTNAME2);
		else if (jscan_key_is(key, "event"))
			r = winev_pick(w, &v, "code", WK_EVENTCODE);
		if (r == -1)
			return -1;
	}
	if (r == -1 || !jscan_done(&js))
		return -1;
	return 0;
}

/* The value as text, decoded once; "-" and "" are absent. */
static struct slice
winev_str(struct winev *w, enum wk k)
{
	struct slice	 s = { NULL, 0 };
	uint64_t	 bit = 1ULL << (k & 63);

	if (!winev_has(w, k))
		return s;
	if ((w->decoded[k >> 6] & bit) == 0) {
		s = jscan_string(&w->v[k], w->ev);
		if (s.len == 0 || (s.len == 1 && s.p[0] == '-'))
			s.p = NULL, s.len = 0;
		w->str[k] = s;
		w->decoded[k >> 6] |= bit;
	}
	return w->str[k];
}

static struct slice
winev_first(struct winev *w, const enum wk *keys)
{
	struct slice	 s = { NULL, 0 };

	for (; *keys != WK_MAX; keys++)
		if ((s = winev_str(w, *keys)).len > 0)
			break;
	return s;
}

static int
winev_int(struct winev *w, enum wk k, int64_t *v)
{
	return winev_has(w, k) ? jscan_int(&w->v[k], v) : -1;
}

static int
winev_slice_has(struct slice s, const char *needle)
{
	return s.len > 0 && memmem(s.p, s.len, needle, strlen(needle)) != NULL;
}

static enum winev_chan
winev_channel(struct slice ch)
{
	if (slice_caseeq(ch, "Security"))
		return CH_SECURITY;
	if (slice_caseeq(ch, "System"))
		return CH_SYSTEM;
	if (winev_slice_has(ch, "Sysmon"))
		return CH_SYSMON;
	if (winev_slice_has(ch, "PowerShell"))
		return CH_POWERSHELL;
	if (winev_slice_has(ch, "Windows Defender"))
		return CH_DEFENDER;
	return CH_OTHER;
}

static enum source_kind
winev_source(enum winev_chan ch, struct slice name)
{
	if (ch == CH_SYSMON || ch == CH_POWERSHELL || ch == CH_DEFENDER)
		return SRC_ENDPOINT;
	/* Other endpoint telemetry: WMI persistence. */
	if (ch == CH_OTHER && winev_slice_has(name, "WMI-Activity"))
		return SRC_ENDPOINT;
	return SRC_AD;
}

/* IPv4-mapped IPv6 (Kerberos events write "::ffff:10.1.2.3"): the IPv4. */
static struct slice
winev_ip(struct slice s)
{
	static const char	 pfx[] = "::ffff:";
	size_t			 n = sizeof(pfx) - 1;
	struct slice		 v4;

	if (s.len <= n || !slice_caseeq((struct slice){ s.p, n }, pfx))
		return s;
	v4.p = s.p + n;
	v4.len = s.len - n;
	return memchr(v4.p, '.', v4.len) != NULL ? v4 : s;
}

/* "1".."65535", else -1 (0 is what Windows writes for no port). */
static int32_t
winev_port(struct slice s)
{
	int32_t	 v = 0;
	size_t	 i;

	if (s.len == 0 || s.len > 5)
		return -1;
	for (i = 0; i < s.len; i++) {
		if (s.p[i] < '0' || s.p[i] > '9')
			return -1;
		v = v * 10 + (s.p[i] - '0');
	}
	return v >= 1 && v <= 65535 ? v : -1;
}

static void
winev_addrs(struct winev *w, struct logevent *ev)
{
	static const enum wk	 sip[] = { WK_IPADDRESS, WK_SOURCEIP,
				    WK_SOURCEADDRESS, WK_MAX };
	static const enum wk	 sport[] = { WK_IPPORT, WK_SOURCEPORT, WK_MAX };
	static const enum wk	 dip[] = { WK_DESTINATIONIP, WK_DESTADDRESS,
				    WK_MAX };
	static const enum wk	 dport[] = { WK_DESTINATIONPORT, WK_DESTPORT,
				    WK_MAX };

	/* 4648 (explicit credentials): the address is the target server. */
	if (w->id == 4648) {
		ev->dst_ip = winev_ip(winev_str(w, WK_IPADDRESS));
		ev->dst_port = winev_port(winev_str(w, WK_IPPORT));
		return;
	}
	ev->src_ip = winev_ip(winev_first(w, sip));
	ev->src_port = winev_port(winev_first(w, sport));
	ev->dst_ip = winev_ip(winev_first(w, dip));
	ev->dst_port = winev_port(winev_first(w, dport));
}

/* Sysmon writes "tcp"; the filtering platform (5156) an IP protocol number. */
static struct slice
winev_transport(struct winev *w)
{
	struct slice	 s = winev_str(w, WK_PROTOCOL);
	int64_t		 n;

	if (s.len == 0 || s.p[0] < '0' || s.p[0] > '9')
		return s;
	if (winev_int(w, WK_PROTOCOL, &n) == -1)
		return s;
	switch (n) {
	case 6:
		return slice_cstr("tcp");
	case 17:
		return slice_cstr("udp");
	case 1:
	case 58:
		return slice_cstr("icmp");
	default:
		return s;
	}
}

/* Sysmon 22 QueryStatus is a Windows status: the usual DNS names. */
static struct slice
winev_rcode(struct winev *w)
{
	int64_t		 n;

	if (winev_int(w, WK_QUERYSTATUS, &n) == -1)
		return winev_str(w, WK_QUERYSTATUS);
	switch (n) {
	case 0:
	case 9501:	/* DNS_INFO_NO_RECORDS: an answer without data */
		return slice_cstr("NOERROR");
	case 9001:
		return slice_cstr("FORMERR");
	case 9002:
		return slice_cstr("SERVFAIL");
	case 9003:
		return slice_cstr("NXDOMAIN");
	case 9004:
		return slice_cstr("NOTIMP");
	case 9005:
		return slice_cstr("REFUSED");
	default:
		return winev_str(w, WK_QUERYSTATUS);
	}
}

/* 4625: the SubStatus says why (bad password, no such user) when set. */
static struct slice
winev_status(struct winev *w)
{
	struct slice	 sub = winev_str(w, WK_SUBSTATUS);

	if (sub.len > 0 && !slice_caseeq(sub, "0x0"))
		return sub;
	return winev_str(w, WK_STATUS);
}

/* "DOMAIN\user" and "user@REALM" to "user". */
static struct slice
winev_bare(struct slice s)
{
	const char	*p;

	if (s.len == 0)
		return s;
	while ((p = memchr(s.p, '\\', s.len)) != NULL) {
		s.len -= (size_t)(p + 1 - s.p);
		s.p = p + 1;
	}
	if (s.len > 0 && (p = memchr(s.p, '@', s.len)) != NULL && p > s.p)
		s.len = (size_t)(p - s.p);
	if (s.len == 0)
		s.p = NULL;
	return s;
}

/* Events whose TargetUserName is the account that authenticates. */
static int
winev_target_logs_on(int id)
{
	switch (id) {
	case 4624:	/* logon */
	case 4625:	/* failed logon */
	case 4634:	/* logoff */
	case 4647:	/* user-initiated logoff */
	case 4740:	/* account locked out */
	case 4768:	/* Kerberos TGT */
	case 4769:	/* Kerberos service ticket */
	case 4770:	/* service ticket renewed */
	case 4771:	/* Kerberos pre-authentication failed */
	case 4772:	/* TGT request failed */
	case 4776:	/* NTLM credential validation */
		return 1;
	default:
		return 0;
	}
}

static struct slice
winev_user(struct winev *w, enum winev_chan ch)
{
	static const enum wk	 target[] = { WK_TARGETUSERNAME,
				    WK_SUBJECTUSERNAME, WK_MAX };
	static const enum wk	 subject[] = { WK_SUBJECTUSERNAME,
				    WK_TARGETUSERNAME, WK_MAX };
	static const enum wk	 account[] = { WK_ACCOUNTNAME, WK_EVUSER,
				    WK_SUBJECTUSERNAME, WK_TARGETUSERNAME, WK_MAX };

	switch (ch) {
	case CH_SYSMON:
		/* AccountName there is Sysmon's own account, SYSTEM. */
		return winev_bare(winev_str(w, WK_USER));
	case CH_SECURITY:
		return winev_bare(winev_first(w,
		    winev_target_logs_on(w->id) ? target : subject));
	default:
		return winev_bare(winev_first(w, account));
	}
}

/*
 * Defender's Path: "file:_C:\\Users\\...\\x.exe", several joined by ';',
 * an archive's member after "->": the first file, without its prefix.
 */
static struct slice
winev_defender_path(struct slice s)
{
	const char	*p;

	if ((p = memchr(s.p, ';', s.len)) != NULL)
		s.len = (size_t)(p - s.p);
	if ((p = memmem(s.p, s.len, ":_", 2)) != NULL && p - s.p < 16) {
		s.len -= (size_t)(p + 2 - s.p);
		s.p = p + 2;
	}
	return s;
}

/* Windows Defender (1006, 1116-1119, 5001, 5007): the threat and what was done. */
static void
winev_defender(struct winev *w, struct logevent *ev)
{
	struct slice	 s;
	int64_t		 n;

	ev->threat_name = winev_str(w, WK_THREATNAME);
	ev->threat_category = winev_str(w, WK_CATEGORYNAME);
	if (winev_int(w, WK_SEVERITYID, &n) == 0 && n >= 0 && n <= 255)
		ev->severity = (int32_t)n;
	ev->action = winev_str(w, WK_ACTIONNAME);
	if ((s = winev_str(w, WK_ERRORCODE)).len > 0)
		ev->win_status = s;
	ev->reason = winev_str(w, WK_ERRORDESCRIPTION);
	if ((s = winev_str(w, WK_PATH)).len > 0)
		ev->file_name = winev_defender_path(s);
	if ((s = winev_str(w, WK_DPROCESSNAME)).len > 0)
		ev->process_image = s;
	if ((s = winev_bare(winev_str(w, WK_DETECTIONUSER))).len > 0)
		ev->user = s;
	if ((s = winev_str(w, WK_NEWVALUE)).len > 0)
		ev->registry_value = s;
}

static void
winev_fields(struct winev *w, struct logevent *ev)
{
	static const enum wk	 hosts[] = { WK_HOSTNAME, WK_HOSTNAME2, WK_MAX };
	const struct winev_map	*m;
	struct slice		 host;
	enum winev_chan		 ch;
	size_t			 i;

	for (i = 0; i < WINEV_NMAPS; i++) {
		m = &winev_maps[i];
		*(struct slice *)(void *)((char *)ev + m->off) =
		    winev_first(w, m->keys);
	}
	/* Keep a syslog header's host when the event names none. */
	if ((host = winev_first(w, hosts)).len > 0)
		ev->host_name = host;
	ch = winev_channel(ev->win_channel);
	ev->source = winev_source(ch, ev->win_channel);
	ev->user = winev_user(w, ch);
	ev->win_status = winev_status(w);
	ev->transport = winev_transport(w);
	ev->dns_rcode = winev_rcode(w);
	/* 4661, 4662: the object server (DS, SAM) stands for the service. */
	if (ev->service_name.len == 0 && (w->id == 4661 || w->id == 4662))
		ev->service_name = winev_str(w, WK_OBJECTSERVER);
	if (ch == CH_DEFENDER)
		winev_defender(w, ev);
	winev_addrs(w, ev);
}

/* The whole value as an ISO 8601 time, "2020-09-21 18:58:47" included. */
static int
winev_time_of(struct winev *w, enum wk k, int64_t *t)
{
	struct slice	 s = winev_str(w, k);
	int		 n;

	if (s.len == 0)
		return -1;
	n = time_parse_iso8601(s.p, s.len, t);
	return n >= 0 && (size_t)n == s.len ? 0 : -1;
}

/* Ends in Z, +hh:mm or +hhmm. */
static int
winev_has_zone(struct slice s)
{
	if (s.len < 20)
		return 0;
	if (s.p[s.len - 1] == 'Z' || s.p[s.len - 1] == 'z')
		return 1;
	return s.p[s.len - 6] == '+' || s.p[s.len - 6] == '-' ||
	    s.p[s.len - 5] == '+' || s.p[s.len - 5] == '-';
}

/*
 * NXLog writes EventTime and EventReceivedTime in the collector's local
 * time, without a zone.  When Logstash has added a UTC @timestamp on
 * receipt, the difference to EventReceivedTime is the zone offset (plus
 * a small delay): rounded to a quarter hour, it puts EventTime in UTC.
 */
static int64_t
winev_zone_fix(struct winev *w)
{
	int64_t	 recv, at, d, q;

	if (!winev_has_zone(winev_str(w, WK_TIMESTAMP)) ||
	    winev_time_of(w, WK_TIMESTAMP, &at) == -1 ||
	    winev_has_zone(winev_str(w, WK_EVENTRECEIVEDTIME)) ||
	    winev_time_of(w, WK_EVENTRECEIVEDTIME, &recv) == -1)
		return 0;
	d = at - recv;
	q = (d >= 0 ? d + WINEV_MS_QUARTER / 2 : d - WINEV_MS_QUARTER / 2) /
	    WINEV_MS_QUARTER * WINEV_MS_QUARTER;
	if (q > WINEV_MAX_OFFSET || q < -WINEV_MAX_OFFSET ||
	    d - q > WINEV_MAX_LAG || q - d > WINEV_MAX_LAG)
		return 0;
	return q;
}

/*
 * Sysmon's UtcTime is the event time in UTC; Winlogbeat's @timestamp is
 * the event time; NXLog's EventTime is, once put in UTC; then whatever
 * time the line has.
 */
static int
winev_time(struct winev *w, int64_t *t)
{
	if (winev_time_of(w, WK_UTCTIME, t) == 0)
		return 0;
	if (w->winlog && winev_time_of(w, WK_TIMESTAMP, t) == 0)
		return 0;
	if (winev_time_of(w, WK_EVENTTIME, t) == 0) {
		if (!winev_has_zone(winev_str(w, WK_EVENTTIME)))
			*t += winev_zone_fix(w);
		return 0;
	}
	if (winev_time_of(w, WK_TIMESTAMP, t) == 0 ||
	    winev_time_of(w, WK_EVENTRECEIVEDTIME, t) == 0)
		return 0;
	return -1;
}

/* EventID, winlog.event_id or event.code: a number or a string of one. */
static int
winev_event_id(struct winev *w)
{
	int64_t	 id;

	if (winev_int(w, WK_EVENTID, &id) == -1 &&
	    winev_int(w, WK_EVENTCODE, &id) == -1)
		return -1;
	if (id < 0 || id > 65535)
		return -1;
	w->id = (int)id;
	return 0;
}

/*
 * The format's own names (logevent_native): Sigma names the event data
 * by its keys (Image, CommandLine) and the System fields EventID,
 * Channel, Provider_Name and Computer; the layouts put them apart.
 */
enum winev_layout {
	WL_NXLOG,
	WL_WINLOGBEAT
};

struct winev_sys {
	const char	*sigma;
	const char	*names[2][2];	/* per layout, the first found wins */
};

static const struct winev_sys winev_sys[] = {
	{ "EventID", { { "EventID", NULL },
	    { "winlog.event_id", "event.code" } } },
	{ "Channel", { { "Channel", NULL }, { "winlog.channel", NULL } } },
	{ "Provider_Name", { { "SourceName", "ProviderName" },
	    { "winlog.provider_name", NULL } } },
	{ "Computer", { { "Hostname", NULL },
	    { "winlog.computer_name", NULL } } },
};

/* Winlogbeat's event data, then its user data (1102, some System events). */
static int
winev_find_data(struct slice line, const char *name, size_t len,
    struct jvalue *out)
{
	static const char *const objs[] = { "event_data", "user_data" };
	struct jvalue	 winlog, data;
	size_t		 i;

	if (jscan_find(line.p, line.len, "winlog", 6, &winlog) == 0 ||
	    winlog.type != JS_OBJECT)
		return 0;
	for (i = 0; i < 2; i++)
		if (jscan_find(winlog.raw.p, winlog.raw.len, objs[i],
		    strlen(objs[i]), &data) == 1 && data.type == JS_OBJECT &&
		    jscan_find(data.raw.p, data.raw.len, name, len, out) == 1)
			return 1;
	return 0;
}

/* A name without a dot through the index: 1, 0, or -1 to scan. */
static int
winev_find_indexed(const struct logevent *ev, const char *name, size_t len,
    struct jvalue *out)
{
	const struct nindex	*ix;
	const struct nindex_ent	*e;
	int			 r;

	if (memchr(name, '.', len) != NULL || (ix = nindex_ready(ev)) == NULL)
		return -1;
	if ((r = nindex_find(ix, name, len, &e)) != 1)
		return r;
	out->type = (enum jtype)e->type;
	out->raw = e->val;
	out->escaped = e->flags;
	return 1;
}

static int
winev_find(const struct logevent *ev, struct slice line, enum winev_layout l,
    const char *name, size_t len, struct jvalue *out)
{
	const struct winev_sys	*sys;
	const char		*n;
	size_t			 i, j;
	int			 r;

	for (i = 0; i < sizeof(winev_sys) / sizeof(winev_sys[0]); i++) {
		sys = &winev_sys[i];
		if (strlen(sys->sigma) != len || memcmp(sys->sigma, name,
		    len) != 0)
			continue;
		for (j = 0; j < 2 && (n = sys->names[l][j]) != NULL; j++)
			if (jscan_find(line.p, line.len, n, strlen(n),
			    out) == 1)
				return 1;
		return 0;
	}
	if ((r = winev_find_indexed(ev, name, len, out)) != -1)
		return r;
	/* Any other name as it stands: NXLog's flat keys, ECS paths. */
	if (l == WL_WINLOGBEAT && memchr(name, '.', len) == NULL &&
	    winev_find_data(line, name, len, out) == 1)
		return 1;
	return jscan_find(line.p, line.len, name, len, out);
}

static struct slice
winev_native(const struct logevent *ev, enum winev_layout l,
    const char *name, size_t len, char *buf, size_t size)
{
	struct slice	 line = parser_native_text(ev), none = { NULL, 0 };
	struct jvalue	 v;

	if (line.len == 0 || winev_find(ev, line, l, name, len, &v) == 0)
		return none;
	return jscan_text(&v, buf, size);
}

static struct slice
winev_native_nxlog(const struct logevent *ev, const char *name, size_t len,
    char *buf, size_t size)
{
	return winev_native(ev, WL_NXLOG, name, len, buf, size);
}

static struct slice
winev_native_winlogbeat(const struct logevent *ev, const char *name,
    size_t len, char *buf, size_t size)
{
	return winev_native(ev, WL_WINLOGBEAT, name, len, buf, size);
}

static enum parse_result
winev_fail(const char **err, const char *msg)
{
	if (err != NULL)
		*err = msg;
	return PARSE_ERROR;
}

static enum parse_result
winev_parse(void *state, const char *line, size_t len, struct logevent *ev,
    const char **err)
{
	struct winev	 w;
	size_t		 i = 0;
	int64_t		 t;

	(void)state;
	/* A byte order mark may start the first line of a file. */
	if (len >= 3 && memcmp(line, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (line[i] == ' ' || line[i] == '\t' ||
	    line[i] == '\r'))
		i++;
	if (i == len)
		return PARSE_SKIP;
	if (line[i] != '{')
		return winev_fail(err, "not a JSON object");
	memset(w.have, 0, sizeof(w.have));
	memset(w.decoded, 0, sizeof(w.decoded));
	w.ev = ev;
	w.ix = nindex_begin(ev);
	w.winlog = 0;
	if (winev_scan(&w, line + i, len - i) == -1)
		return winev_fail(err, "malformed JSON");
	if (winev_event_id(&w) == -1)
		return winev_fail(err, "no Windows event id");
	ev->win_event_id = w.id;
	winev_fields(&w, ev);
	/* A syslog header's time stands if the event has none. */
	if (winev_time(&w, &t) == 0)
		ev->time_ms = t;
	else if (ev->time_ms == 0)
		return winev_fail(err, "no event time");
	/* Looked up by name only when a rule asks: two pointers now. */
	ev->native = w.winlog ? winev_native_winlogbeat : winev_native_nxlog;
	ev->native_arg = line + i;
	ev->message = jscan_message;
	return PARSE_OK;
}

const struct parser parser_windows = {
	"windows",
	SRC_AD,
	"Windows Security, System, Sysmon and PowerShell events as JSON lines "
	    "(Winlogbeat or NXLog field names)",
	PARSER_SYSLOG,
	NULL,
	NULL,
	winev_parse
};
