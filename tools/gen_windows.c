/*
 * gen_windows: deterministic, realistic Windows events as JSON lines, in
 * Winlogbeat or NXLog (im_msvistalog, to_json) form, for the demo, the
 * tests and the benchmark.  A domain corp.local with two domain
 * controllers and a file server: Kerberos and NTLM logons, service
 * tickets and share access on the servers, process creation, network
 * connections, file, registry and DNS activity from Sysmon on the
 * workstations.  The same options give the same bytes everywhere.
 *
 *	gen_windows [-aD] [-n lines] [-e endpoints] [-d destinations]
 *	    [-s seed] [-t start_epoch] [-x winlogbeat|nxlog|mixed]
 *
 * -x chooses the shape: Winlogbeat's, NXLog's, or (mixed, the default)
 * one or the other per computer.  -a puts PsExec and a DCSync in the
 * middle.  -D writes Windows Defender's Operational channel instead
 * (Microsoft-Windows-Windows Defender/Operational, event data named with
 * spaces: "Threat Name"): detections 1116 and 1006, actions 1117 (one
 * in 25 failing, Error Code 0x80508023), real-time protection disabled
 * 5001, and setting changes 5007 (one in a hundred an exclusion), on the
 * workstations; the threats include Japanese and deceptive file names.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "gen.h"

#define GEN_LINEMAX	16384
#define GEN_POOL	8192
#define GEN_MAXKV	48

#define SEC_PROVIDER	"Microsoft-Windows-Security-Auditing"
#define SEC_GUID	"{54849625-5478-4994-A5BA-3E3B0328C30D}"
#define SYSMON_CHANNEL	"Microsoft-Windows-Sysmon/Operational"
#define SYSMON_GUID	"{5770385F-C22A-43E0-BF4C-06F5698FFBD9}"
#define SCM_PROVIDER	"Service Control Manager"
#define SCM_GUID	"{555908d1-a6d7-4695-8e1e-26931d2012f4}"
#define DEF_CHANNEL	"Microsoft-Windows-Windows Defender/Operational"
#define DEF_PROVIDER	"Microsoft-Windows-Windows Defender"
#define DEF_GUID	"{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}"
#define DOMAIN_SID	"S-1-5-21-3623811015-3361044348-30300820"

enum gen_scheme {
	GEN_WINLOGBEAT,
	GEN_NXLOG,
	GEN_MIXED
};

/* One event: its header and its event data, in Windows' field order. */
struct gen_ev {
	int		 id;
	const char	*channel;
	const char	*provider;
	const char	*guid;
	const char	*computer;
	const char	*title;		/* first line of the rendered message */
	const char	*task;
	const char	*action;	/* Winlogbeat event.action */
	int		 failure;
	int		 warning;	/* level warning, not information */
	size_t		 nkv;
	const char	*key[GEN_MAXKV];
	size_t		 val[GEN_MAXKV];	/* offsets into pool */
	char		 pool[GEN_POOL];
	size_t		 poollen;
};

struct gen_host {
	char		 name[16];	/* WS0001 */
	char		 ip[20];
	const char	*user;
	unsigned	 suffix;	/* user names beyond the list get one */
	unsigned	 rid;
};

struct gen_dest {
	char		 name[64];
	char		 ip[16];
};

struct gen {
	struct gen_common c;
	struct gen_host	*hosts;
	struct gen_dest	*dest;
	enum gen_scheme	 scheme;
	int		 attack;
	int		 defender;	/* -D: Defender's channel only */
	uint64_t	 now_ms;
	uint64_t	 acc_us;
	uint64_t	 record;
	struct gen_ev	 ev;
};

static const char *const gen_users[] = {
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
	"ivan", "judy", "kenji", "laura", "mallory", "naoko", "oscar",
	"peggy", "quentin", "rupert", "sybil", "trent", "ursula", "victor",
	"walter", "yuki",
};
#define GEN_NUSERS	(sizeof(gen_users) / sizeof(gen_users[0]))

static const char *const gen_bases[] = {
	"microsoft.com", "windowsupdate.com", "office.com", "office365.com",
	"live.com", "outlook.com", "bing.com", "azureedge.net",
	"windows.net", "msftconnecttest.com", "google.com", "gstatic.com",
	"googleapis.com", "youtube.com", "apple.com", "amazonaws.com",
	"cloudfront.net", "akamaihd.net", "cloudflare.com", "github.com",
	"slack.com", "zoom.us", "salesforce.com", "dropbox.com", "adobe.com",
	"linkedin.com", "wikipedia.org", "yahoo.co.jp", "nikkei.com",
	"atlassian.net", "okta.com", "digicert.com", "trendmicro.com",
};
#define GEN_NBASES	(sizeof(gen_bases) / sizeof(gen_bases[0]))

static const char *const gen_subs[] = {
	"www", "login", "api", "cdn", "update", "download", "static",
	"outlook", "teams", "graph", "telemetry", "settings", "ocsp",
	"clients", "edge", "mail", "portal", "storage", "events", "auth",
};
#define GEN_NSUBS	(sizeof(gen_subs) / sizeof(gen_subs[0]))

/* Process images and their usual command lines and parents. */
struct gen_proc {
	const char	*image;
	const char	*cmd;		/* %u: a number, %s: the user */
	const char	*parent;
	const char	*orig;		/* OriginalFileName */
	int		 net;		/* makes outbound connections */
};

static const struct gen_proc gen_procs[] = {
	{ "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
	    "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" "
	    "--type=renderer --lang=ja --renderer-client-id=%u",
	    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
	    "chrome.exe", 1 },
	{ "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
	    "\"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\"
	    "msedge.exe\" --type=utility --utility-sub-type=network.mojom."
	    "NetworkService --service-sandbox-type=none --field-trial-handle="
	    "%u",
	    "C:\\Windows\\explorer.exe", "msedge.exe", 1 },
	{ "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
	    "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\"
	    "OUTLOOK.EXE\" ",
	    "C:\\Windows\\explorer.exe", "Outlook.exe", 1 },
	{ "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE",
	    "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE\""
	    " \"\\\\FS01\\Shared\\Finance\\budget-%u.xlsx\"",
	    "C:\\Windows\\explorer.exe", "Excel.exe", 0 },
	{ "C:\\Windows\\System32\\svchost.exe",
	    "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule",
	    "C:\\Windows\\System32\\services.exe", "svchost.exe", 1 },
	{ "C:\\Windows\\System32\\svchost.exe",
	    "C:\\Windows\\System32\\svchost.exe -k NetworkService -p -s "
	    "Dnscache",
	    "C:\\Windows\\System32\\services.exe", "svchost.exe", 1 },
	{ "C:\\Windows\\System32\\conhost.exe",
	    "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1",
	    "C:\\Windows\\System32\\cmd.exe", "CONHOST.EXE", 0 },
	{ "C:\\Windows\\System32\\cmd.exe",
	    "C:\\Windows\\system32\\cmd.exe /c \"C:\\ProgramData\\corp\\"
	    "logon-%u.bat\"",
	    "C:\\Windows\\explorer.exe", "Cmd.Exe", 0 },
	{ "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
	    "powershell.exe -NoProfile -ExecutionPolicy Bypass -File "
	    "C:\\ProgramData\\corp\\inventory.ps1 -Id %u",
	    "C:\\Windows\\System32\\svchost.exe", "PowerShell.EXE", 1 },
	{ "C:\\Windows\\System32\\taskhostw.exe",
	    "taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}",
	    "C:\\Windows\\System32\\svchost.exe", "taskhostw.exe", 0 },
	{ "C:\\Windows\\System32\\RuntimeBroker.exe",
	    "C:\\Windows\\System32\\RuntimeBroker.exe -Embedding",
	    "C:\\Windows\\System32\\svchost.exe", "RuntimeBroker.exe", 0 },
	{ "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
	    "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding",
	    "C:\\Windows\\System32\\svchost.exe", "Wmiprvse.exe", 0 },
	{ "C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe",
	    "\"C:\\Program Files\\Microsoft OneDrive\\OneDrive.exe\" "
	    "/background",
	    "C:\\Windows\\explorer.exe", "OneDrive.exe", 1 },
	{ "C:\\Windows\\System32\\backgroundTaskHost.exe",
	    "\"C:\\Windows\\system32\\backgroundTaskHost.exe\" -ServerName:"
	    "App.AppXmtcan0h2tfbfy7k9kn8hbxb6dmzz1zh0.mca",
	    "C:\\Windows\\System32\\svchost.exe", "backgroundTaskHost.exe",
	    0 },
};
#define GEN_NPROCS	(sizeof(gen_procs) / sizeof(gen_procs[0]))

/* Below n, skewed towards 0: a few endpoints and destinations do most. */
static uint32_t
gen_popular(uint64_t *rng, uint32_t n)
{
	uint64_t	 a = gen_below(rng, n), b = gen_below(rng, n);

	return (uint32_t)(a * b / n);
}

static void
gen_printf(struct gen_out *o, const char *fmt, ...)
    __attribute__((__format__(__printf__, 2, 3)));

static void
gen_printf(struct gen_out *o, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, GEN_OUTBUF - o->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

/* A JSON string, quotes included. */
static void
gen_json(struct gen_out *o, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const char		*run = s;

	gen_putc(o, '"');
	for (; *s != '\0'; s++) {
		unsigned char	 c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		gen_put(o, run, (size_t)(s - run));
		run = s + 1;
		gen_putc(o, '\\');
		switch (c) {
		case '\r':
			gen_putc(o, 'r');
			break;
		case '\n':
			gen_putc(o, 'n');
			break;
		case '\t':
			gen_putc(o, 't');
			break;
		case '"':
		case '\\':
			gen_putc(o, (char)c);
			break;
		default:
			gen_put(o, "u00", 3);
			gen_putc(o, hex[c >> 4]);
			gen_putc(o, hex[c & 15]);
		}
	}
	gen_put(o, run, (size_t)(s - run));
	gen_putc(o, '"');
}

static void
gen_key(struct gen_out *o, const char *k)
{
	gen_putc(o, '"');
	gen_puts(o, k);
	gen_put(o, "\":", 2);
}

static void
gen_ev_start(struct gen *g, int id, const char *channel, const char *computer)
{
	struct gen_ev	*e = &g->ev;

	e->id = id;
	e->channel = channel;
	e->computer = computer;
	e->failure = 0;
	e->warning = 0;
	e->nkv = 0;
	e->poollen = 0;
	if (strcmp(channel, "Security") == 0) {
		e->provider = SEC_PROVIDER;
		e->guid = SEC_GUID;
	} else if (strcmp(channel, "System") == 0) {
		e->provider = SCM_PROVIDER;
		e->guid = SCM_GUID;
	} else if (strcmp(channel, DEF_CHANNEL) == 0) {
		e->provider = DEF_PROVIDER;
		e->guid = DEF_GUID;
	} else {
		e->provider = "Microsoft-Windows-Sysmon";
		e->guid = SYSMON_GUID;
	}
}

static void
gen_ev_head(struct gen *g, const char *title, const char *task,
    const char *action)
{
	g->ev.title = title;
	g->ev.task = task;
	g->ev.action = action;
}

static void
gen_kv(struct gen *g, const char *key, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));

static void
gen_kv(struct gen *g, const char *key, const char *fmt, ...)
{
	struct gen_ev	*e = &g->ev;
	va_list		 ap;
	int		 n;

	if (e->nkv == GEN_MAXKV)
		return;
	va_start(ap, fmt);
	n = vsnprintf(e->pool + e->poollen, GEN_POOL - e->poollen, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= GEN_POOL - e->poollen)
		return;
	e->key[e->nkv] = key;
	e->val[e->nkv++] = e->poollen;
	e->poollen += (size_t)n + 1;
}

static const char *
gen_val(const struct gen_ev *e, size_t i)
{
	return e->pool + e->val[i];
}

/* "2026-03-10 14:02:11" or "2026-03-10T14:02:11.123Z". */
static void
gen_time(uint64_t ms, int iso, char *buf, size_t size)
{
	time_t		 t = (time_t)(ms / 1000);
	struct tm	 tm;

	gmtime_r(&t, &tm);
	/* Bounded, so that the compiler sees the length. */
	snprintf(buf, size, "%04u-%02u-%02u%c%02u:%02u:%02u",
	    (unsigned)(tm.tm_year + 1900) % 10000, (unsigned)(tm.tm_mon + 1) % 100,
	    (unsigned)tm.tm_mday % 100, iso ? 'T' : ' ',
	    (unsigned)tm.tm_hour % 100, (unsigned)tm.tm_min % 100,
	    (unsigned)tm.tm_sec % 100);
	if (iso && size > 24)
		snprintf(buf + 19, size - 19, ".%03uZ", (unsigned)(ms % 1000));
}

/* The rendered message: title, then the data as Windows lays it out. */
static void
gen_message(struct gen *g, char *buf, size_t size)
{
	const struct gen_ev	*e = &g->ev;
	size_t			 i, n;
	int			 r;

	r = snprintf(buf, size, "%s\r\n\r\n", e->title);
	n = r > 0 ? (size_t)r : 0;
	for (i = 0; i < e->nkv && n < size; i++) {
		r = snprintf(buf + n, size - n, "\t%s:\t\t%s\r\n", e->key[i],
		    gen_val(e, i));
		if (r < 0)
			break;
		n += (size_t)r;
	}
	if (n >= size)
		buf[size - 1] = '\0';
}

static void
gen_data(struct gen *g)
{
	const struct gen_ev	*e = &g->ev;
	size_t			 i;

	for (i = 0; i < e->nkv; i++) {
		gen_putc(&g->c.out, ',');
		gen_key(&g->c.out, e->key[i]);
		gen_json(&g->c.out, gen_val(e, i));
	}
}

static int
gen_is_sec(const struct gen_ev *e)
{
	return strcmp(e->provider, SEC_PROVIDER) == 0;
}

/* Beats write members in sorted order. */
static void
gen_emit_winlogbeat(struct gen *g, const char *msg)
{
	const struct gen_ev	*e = &g->ev;
	char			 ts[32], host[16];
	size_t			 i;

	gen_time(g->now_ms, 1, ts, sizeof(ts));
	for (i = 0; i < sizeof(host) - 1 && e->computer[i] != '\0' &&
	    e->computer[i] != '.'; i++)
		host[i] = (char)(e->computer[i] | 0x20);
	host[i] = '\0';
	gen_printf(&g->c.out, "{\"@timestamp\":\"%s\",\"agent\":{"
	    "\"name\":\"%s\",\"type\":\"winlogbeat\",\"version\":"
	    "\"8.12.2\"},\"ecs\":{\"version\":\"8.0.0\"},\"event\":{"
	    "\"action\":\"%s\",\"code\":\"%d\",\"created\":\"%s\","
	    "\"kind\":\"event\",\"outcome\":\"%s\",\"provider\":\"%s\"},"
	    "\"host\":{\"name\":\"%s\"},\"log\":{\"level\":\"%s\"},"
	    "\"message\":", ts, host, e->action, e->id, ts,
	    e->failure ? "failure" : "success", e->provider, host,
	    e->warning ? "warning" : "information");
	gen_json(&g->c.out, msg);
	gen_printf(&g->c.out, ",\"winlog\":{\"api\":\"wineventlog\","
	    "\"channel\":\"%s\",\"computer_name\":\"%s\",\"event_data\":{",
	    e->channel, e->computer);
	for (i = 0; i < e->nkv; i++) {
		if (i > 0)
			gen_putc(&g->c.out, ',');
		gen_key(&g->c.out, e->key[i]);
		gen_json(&g->c.out, gen_val(e, i));
	}
	gen_printf(&g->c.out, "},\"event_id\":\"%d\",\"keywords\":[\"%s\"],"
	    "\"opcode\":\"Info\",\"process\":{\"pid\":%u,\"thread\":{\"id\":"
	    "%u}},\"provider_guid\":\"%s\",\"provider_name\":\"%s\","
	    "\"record_id\":%" PRIu64 ",\"task\":\"%s\"}}\n", e->id,
	    gen_is_sec(e) ? (e->failure ? "Audit Failure" : "Audit Success") :
	    "Classic", gen_is_sec(e) ? 668u : 3172u,
	    1000u + (unsigned)(g->record % 7000), e->guid, e->provider,
	    g->record, e->task);
}

/* im_msvistalog's fields, then the event data, then the module's. */
static void
gen_emit_nxlog(struct gen *g, const char *msg)
{
	const struct gen_ev	*e = &g->ev;
	char			 t[32], r[32];

	gen_time(g->now_ms, 0, t, sizeof(t));
	gen_time(g->now_ms + 1500, 0, r, sizeof(r));
	gen_printf(&g->c.out, "{\"EventTime\":\"%s\",\"Hostname\":\"%s\","
	    "\"Keywords\":%s,\"EventType\":\"%s\",\"SeverityValue\":%d,"
	    "\"Severity\":\"%s\",\"EventID\":%d,\"SourceName\":\"%s\","
	    "\"ProviderGuid\":\"%s\",\"Version\":%d,\"Task\":%d,"
	    "\"OpcodeValue\":0,\"RecordNumber\":%" PRIu64 ","
	    "\"ExecutionProcessID\":%u,\"ThreadID\":%u,\"Channel\":\"%s\","
	    "\"Message\":", t, e->computer,
	    gen_is_sec(e) ? (e->failure ? "-9218868437227405312" :
	    "-9214364837600034816") : "-9223372036854775808",
	    gen_is_sec(e) ? (e->failure ? "AUDIT_FAILURE" : "AUDIT_SUCCESS") :
	    e->warning ? "WARNING" : "INFO", e->warning ? 3 : 2,
	    e->warning ? "WARNING" : "INFO", e->id, e->provider, e->guid,
	    gen_is_sec(e) ? 2 : 5,
	    gen_is_sec(e) ? 12544 : e->id, g->record,
	    gen_is_sec(e) ? 668u : 3172u, 1000u + (unsigned)(g->record % 7000),
	    e->channel);
	gen_json(&g->c.out, msg);
	gen_printf(&g->c.out, ",\"Category\":\"%s\",\"Opcode\":\"Info\"",
	    e->task);
	gen_data(g);
	gen_printf(&g->c.out, ",\"EventReceivedTime\":\"%s\","
	    "\"SourceModuleName\":\"eventlog\",\"SourceModuleType\":"
	    "\"im_msvistalog\"}\n", r);
}

static void
gen_emit(struct gen *g)
{
	char	 msg[GEN_POOL + 512];
	int	 nx;

	gen_message(g, msg, sizeof(msg));
	g->record++;
	gen_reserve(&g->c.out, GEN_LINEMAX * 2);
	nx = g->scheme == GEN_NXLOG || (g->scheme == GEN_MIXED &&
	    (gen_hash(g->ev.computer, strlen(g->ev.computer)) & 1));
	if (nx)
		gen_emit_nxlog(g, msg);
	else
		gen_emit_winlogbeat(g, msg);
}

static void
gen_user(const struct gen_host *h, char *buf, size_t size)
{
	if (h->suffix > 0)
		snprintf(buf, size, "%s%u", h->user, h->suffix);
	else
		snprintf(buf, size, "%s", h->user);
}

static void
gen_fqdn(const char *name, char *buf, size_t size)
{
	snprintf(buf, size, "%s.corp.local", name);
}

static unsigned
gen_port(struct gen *g)
{
	return 49152 + gen_below(&g->c.rng, 16383);
}

static void
gen_subject(struct gen *g, const char *sid, const char *user,
    const char *domain, unsigned logon)
{
	gen_kv(g, "SubjectUserSid", "%s", sid);
	gen_kv(g, "SubjectUserName", "%s", user);
	gen_kv(g, "SubjectDomainName", "%s", domain);
	gen_kv(g, "SubjectLogonId", "0x%x", logon);
}

/* 4624 or 4625 on a domain controller or the file server. */
static void
gen_logon(struct gen *g, const struct gen_host *h, const char *server,
    int failed, int ntlm)
{
	char	 u[32];

	gen_user(h, u, sizeof(u));
	gen_ev_start(g, failed ? 4625 : 4624, "Security", server);
	gen_ev_head(g, failed ? "An account failed to log on." :
	    "An account was successfully logged on.", "Logon",
	    failed ? "logon-failed" : "logged-in");
	g->ev.failure = failed;
	gen_subject(g, "S-1-0-0", "-", "-", 0);
	if (!failed)
		gen_kv(g, "TargetUserSid", DOMAIN_SID "-%u", h->rid);
	else
		gen_kv(g, "TargetUserSid", "S-1-0-0");
	gen_kv(g, "TargetUserName", "%s", u);
	gen_kv(g, "TargetDomainName", "%s", ntlm ? "CORP" : "CORP.LOCAL");
	if (failed) {
		gen_kv(g, "Status", "0xc000006d");
		gen_kv(g, "FailureReason", "%%%%2313");
		gen_kv(g, "SubStatus", "%s", gen_below(&g->c.rng, 4) ?
		    "0xc000006a" : "0xc0000064");
	} else
		gen_kv(g, "TargetLogonId", "0x%x",
		    (unsigned)gen_rand(&g->c.rng));
	gen_kv(g, "LogonType", "3");
	gen_kv(g, "LogonProcessName", ntlm ? "NtLmSsp " : "Kerberos");
	gen_kv(g, "AuthenticationPackageName", ntlm ? "NTLM" : "Kerberos");
	gen_kv(g, "WorkstationName", "%s", ntlm ? h->name : "-");
	gen_kv(g, "TransmittedServices", "-");
	gen_kv(g, "LmPackageName", ntlm ? "NTLM V2" : "-");
	gen_kv(g, "KeyLength", ntlm ? "128" : "0");
	gen_kv(g, "ProcessId", "0x0");
	gen_kv(g, "ProcessName", "-");
	gen_kv(g, "IpAddress", "%s", h->ip);
	gen_kv(g, "IpPort", "%u", gen_port(g));
	if (!failed) {
		gen_kv(g, "ImpersonationLevel", "%%%%1833");
		gen_kv(g, "RestrictedAdminMode", "-");
		gen_kv(g, "VirtualAccount", "%%%%1843");
		gen_kv(g, "ElevatedToken", "%%%%1842");
	}
	gen_emit(g);
}

static void
gen_logoff(struct gen *g, const struct gen_host *h, const char *server)
{
	char	 u[32];

	gen_user(h, u, sizeof(u));
	gen_ev_start(g, 4634, "Security", server);
	gen_ev_head(g, "An account was logged off.", "Logoff", "logged-out");
	gen_kv(g, "TargetUserSid", DOMAIN_SID "-%u", h->rid);
	gen_kv(g, "TargetUserName", "%s", u);
	gen_kv(g, "TargetDomainName", "CORP");
	gen_kv(g, "TargetLogonId", "0x%x", (unsigned)gen_rand(&g->c.rng));
	gen_kv(g, "LogonType", "3");
	gen_emit(g);
}

static void
gen_special(struct gen *g, const char *server)
{
	static const char *const admins[] = { "adm-alice", "svc-backup",
	    "DC01$", "DC02$", "svc-sql" };
	const char	*u = admins[gen_below(&g->c.rng, 5)];

	gen_ev_start(g, 4672, "Security", server);
	gen_ev_head(g, "Special privileges assigned to new logon.",
	    "Special Logon", "logged-in-special");
	gen_subject(g, DOMAIN_SID "-1107", u, "CORP",
	    (unsigned)gen_rand(&g->c.rng));
	gen_kv(g, "PrivilegeList", "SeSecurityPrivilege\r\n\t\t\t"
	    "SeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\t"
	    "SeTakeOwnershipPrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\t"
	    "SeSystemEnvironmentPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n"
	    "\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeEnableDelegationPrivilege");
	gen_emit(g);
}

/* 4768 (TGT) and 4769 (service ticket), IPv4-mapped as DCs log them. */
static void
gen_kerberos(struct gen *g, const struct gen_host *h, const char *dc,
    int tgs)
{
	static const char *const svcs[] = { "FS01$", "SQL01$", "EXCH01$",
	    "WSUS01$", "DC01$", "DC02$", "svc-sql" };
	char		 u[32];

	gen_user(h, u, sizeof(u));
	gen_ev_start(g, tgs ? 4769 : 4768, "Security", dc);
	gen_ev_head(g, tgs ? "A Kerberos service ticket was requested." :
	    "A Kerberos authentication ticket (TGT) was requested.",
	    tgs ? "Kerberos Service Ticket Operations" :
	    "Kerberos Authentication Service", tgs ?
	    "kerberos-service-ticket-requested" :
	    "kerberos-authentication-ticket-requested");
	gen_kv(g, "TargetUserName", tgs ? "%s@CORP.LOCAL" : "%s", u);
	gen_kv(g, "TargetDomainName", tgs ? "CORP.LOCAL" : "CORP");
	gen_kv(g, "ServiceName", "%s", tgs ? svcs[gen_popular(&g->c.rng, 7)] :
	    "krbtgt");
	gen_kv(g, "ServiceSid", DOMAIN_SID "-%u", tgs ? 1105u : 502u);
	gen_kv(g, "TicketOptions", tgs ? "0x40810000" : "0x40810010");
	gen_kv(g, "Status", "0x0");
	/* svc-sql still allows RC4, as old service accounts do. */
	gen_kv(g, "TicketEncryptionType", "%s", gen_below(&g->c.rng, 50) == 0 ?
	    "0x17" : "0x12");
	if (!tgs)
		gen_kv(g, "PreAuthType", "2");
	gen_kv(g, "IpAddress", "::ffff:%s", h->ip);
	gen_kv(g, "IpPort", "%u", gen_port(g));
	gen_emit(g);
}

static void
gen_ntlm(struct gen *g, const struct gen_host *h, const char *dc)
{
	char	 u[32];

	gen_user(h, u, sizeof(u));
	gen_ev_start(g, 4776, "Security", dc);
	gen_ev_head(g, "The computer attempted to validate the credentials "
	    "for an account.", "Credential Validation",
	    "credential-validated");
	gen_kv(g, "PackageName", "MICROSOFT_AUTHENTICATION_PACKAGE_V1_0");
	gen_kv(g, "TargetUserName", "%s", u);
	gen_kv(g, "Workstation", "%s", h->name);
	gen_kv(g, "Status", "%s", gen_below(&g->c.rng, 30) ? "0x0" :
	    "0xc000006a");
	gen_emit(g);
}

/* 5140 share access and 5145 object check on the file server. */
static void
gen_share(struct gen *g, const struct gen_host *h, int detailed)
{
	static const char *const files[] = { "Finance\\budget-2026.xlsx",
	    "HR\\handbook.pdf", "Sales\\Q1\\forecast.pptx",
	    "IT\\scripts\\logon.bat", "Projects\\alpha\\design.docx" };
	char		 u[32];
	int		 ipc = gen_below(&g->c.rng, 4) == 0;

	gen_user(h, u, sizeof(u));
	gen_ev_start(g, detailed ? 5145 : 5140, "Security", "FS01.corp.local");
	gen_ev_head(g, detailed ? "A network share object was checked to see "
	    "whether client can be granted desired access." :
	    "A network share object was accessed.", detailed ?
	    "Detailed File Share" : "File Share", detailed ?
	    "network-share-object-access-checked" :
	    "network-share-object-accessed");
	gen_subject(g, DOMAIN_SID "-1104", u, "CORP",
	    (unsigned)gen_rand(&g->c.rng));
	gen_kv(g, "ObjectType", "File");
	gen_kv(g, "IpAddress", "%s", h->ip);
	gen_kv(g, "IpPort", "%u", gen_port(g));
	gen_kv(g, "ShareName", "%s", ipc ? "\\\\*\\IPC$" : "\\\\*\\Shared");
	gen_kv(g, "ShareLocalPath", "%s", ipc ? "" : "\\??\\D:\\Shared");
	if (detailed)
		gen_kv(g, "RelativeTargetName", "%s", ipc ? "srvsvc" :
		    files[gen_below(&g->c.rng, 5)]);
	gen_kv(g, "AccessMask", "%s", detailed ? "0x12019f" : "0x1");
	gen_kv(g, "AccessList", "%%%%4416\r\n\t\t\t\t");
	gen_emit(g);
}

static void
gen_service(struct gen *g, const char *computer, const char *name,
    const char *image, const char *account)
{
	gen_ev_start(g, 7045, "System", computer);
	gen_ev_head(g, "A service was installed in the system.", "None",
	    "Service Installed");
	gen_kv(g, "ServiceName", "%s", name);
	gen_kv(g, "ImagePath", "%s", image);
	gen_kv(g, "ServiceType", "user mode service");
	gen_kv(g, "StartType", "demand start");
	gen_kv(g, "AccountName", "%s", account);
	gen_emit(g);
}

static void
gen_sysmon_head(struct gen *g, int id, const char *computer, const char *rule,
    const char *title)
{
	char	 t[32];

	gen_ev_start(g, id, SYSMON_CHANNEL, computer);
	gen_ev_head(g, title, rule, rule);
	gen_kv(g, "RuleName", "-");
	gen_time(g->now_ms, 1, t, sizeof(t));
	/* UtcTime: "2026-03-10 14:02:11.123" */
	t[10] = ' ';
	t[23] = '\0';
	gen_kv(g, "UtcTime", "%s", t);
}

static void
gen_guid(struct gen *g, const char *key, unsigned salt)
{
	gen_kv(g, key, "{6b1c3a5e-%04x-%04x-%04x-0000000009%02x}",
	    (unsigned)(gen_rand(&g->c.rng) & 0xffff), salt & 0xffff,
	    (unsigned)(gen_rand(&g->c.rng) & 0xffff), salt & 0xff);
}

static void
gen_hashes(struct gen *g, const char *image)
{
	uint64_t	 h = gen_hash(image, strlen(image));

	gen_kv(g, "Hashes", "SHA1=%016" PRIX64 "%016" PRIX64 "%08X,MD5=%016"
	    PRIX64 "%016" PRIX64 ",SHA256=%016" PRIX64 "%016" PRIX64 "%016"
	    PRIX64 "%016" PRIX64 ",IMPHASH=%016" PRIX64 "%016" PRIX64, h,
	    h * 3, (unsigned)(h >> 7), h * 5, h * 7, h * 11, h * 13, h * 17,
	    h * 19, h * 23, h * 29);
}

/* The template with its "%u" replaced by n. */
static void
gen_subst(char *buf, size_t size, const char *tmpl, unsigned n)
{
	const char	*u = strstr(tmpl, "%u");

	if (u == NULL)
		snprintf(buf, size, "%s", tmpl);
	else
		snprintf(buf, size, "%.*s%u%s", (int)(u - tmpl), tmpl, n, u + 2);
}

/* Sysmon 1 or Security 4688 on a workstation. */
static void
gen_process(struct gen *g, const struct gen_host *h, const char *fqdn,
    int sysmon)
{
	const struct gen_proc	*p =
	    &gen_procs[gen_popular(&g->c.rng, GEN_NPROCS)];
	char			 u[32], cmd[512];

	gen_user(h, u, sizeof(u));
	gen_subst(cmd, sizeof(cmd), p->cmd, gen_below(&g->c.rng, 100000));
	if (!sysmon) {
		gen_ev_start(g, 4688, "Security", fqdn);
		gen_ev_head(g, "A new process has been created.",
		    "Process Creation", "created-process");
		gen_subject(g, DOMAIN_SID "-1104", u, "CORP",
		    (unsigned)gen_rand(&g->c.rng));
		gen_kv(g, "NewProcessId", "0x%x",
		    gen_below(&g->c.rng, 0x4000) * 4);
		gen_kv(g, "NewProcessName", "%s", p->image);
		gen_kv(g, "TokenElevationType", "%%%%1938");
		gen_kv(g, "ProcessId", "0x%x",
		    gen_below(&g->c.rng, 0x4000) * 4);
		gen_kv(g, "CommandLine", "%s", cmd);
		gen_kv(g, "TargetUserSid", "S-1-0-0");
		gen_kv(g, "TargetUserName", "-");
		gen_kv(g, "TargetDomainName", "-");
		gen_kv(g, "TargetLogonId", "0x0");
		gen_kv(g, "ParentProcessName", "%s", p->parent);
		gen_kv(g, "MandatoryLabel", "S-1-16-8192");
		gen_emit(g);
		return;
	}
	gen_sysmon_head(g, 1, fqdn, "Process Create (rule: ProcessCreate)",
	    "Process Create:");
	gen_guid(g, "ProcessGuid", h->rid);
	gen_kv(g, "ProcessId", "%u", gen_below(&g->c.rng, 0x4000) * 4);
	gen_kv(g, "Image", "%s", p->image);
	gen_kv(g, "FileVersion", "10.0.19041.1 (WinBuild.160101.0800)");
	gen_kv(g, "OriginalFileName", "%s", p->orig);
	gen_kv(g, "CommandLine", "%s", cmd);
	gen_kv(g, "CurrentDirectory", "C:\\Users\\%s\\", u);
	gen_kv(g, "User", "CORP\\%s", u);
	gen_guid(g, "LogonGuid", h->rid);
	gen_kv(g, "LogonId", "0x%x", (unsigned)gen_rand(&g->c.rng) & 0xffffff);
	gen_kv(g, "TerminalSessionId", "1");
	gen_kv(g, "IntegrityLevel", "Medium");
	gen_hashes(g, p->image);
	gen_guid(g, "ParentProcessGuid", h->rid);
	gen_kv(g, "ParentProcessId", "%u", gen_below(&g->c.rng, 0x4000) * 4);
	gen_kv(g, "ParentImage", "%s", p->parent);
	gen_kv(g, "ParentCommandLine", "%s", p->parent);
	gen_kv(g, "ParentUser", "CORP\\%s", u);
	gen_emit(g);
}

static void
gen_netconn(struct gen *g, const struct gen_host *h, const char *fqdn)
{
	const struct gen_proc	*p = &gen_procs[gen_popular(&g->c.rng, 5)];
	const struct gen_dest	*d = &g->dest[gen_popular(&g->c.rng,
				    g->c.ndest)];
	char			 u[32];
	unsigned		 r = gen_below(&g->c.rng, 10);

	gen_user(h, u, sizeof(u));
	gen_sysmon_head(g, 3, fqdn, "Network connection detected (rule: "
	    "NetworkConnect)", "Network connection detected:");
	gen_guid(g, "ProcessGuid", h->rid);
	gen_kv(g, "ProcessId", "%u", gen_below(&g->c.rng, 0x4000) * 4);
	gen_kv(g, "Image", "%s", p->image);
	gen_kv(g, "User", "CORP\\%s", u);
	gen_kv(g, "Protocol", "tcp");
	gen_kv(g, "Initiated", "true");
	gen_kv(g, "SourceIsIpv6", "false");
	gen_kv(g, "SourceIp", "%s", h->ip);
	gen_kv(g, "SourceHostname", "%s", fqdn);
	gen_kv(g, "SourcePort", "%u", gen_port(g));
	gen_kv(g, "SourcePortName", "-");
	gen_kv(g, "DestinationIsIpv6", "false");
	gen_kv(g, "DestinationIp", "%s", d->ip);
	gen_kv(g, "DestinationHostname", "%s", r < 7 ? d->name : "-");
	gen_kv(g, "DestinationPort", "%s", r < 8 ? "443" : "80");
	gen_kv(g, "DestinationPortName", "%s", r < 8 ? "https" : "http");
	gen_emit(g);
}

static void
gen_filecreate(struct gen *g, const struct gen_host *h, const char *fqdn)
{
	const struct gen_proc	*p =
	    &gen_procs[gen_popular(&g->c.rng, GEN_NPROCS)];
	char			 u[32];
	unsigned		 r = gen_below(&g->c.rng, 4);

	gen_user(h, u, sizeof(u));
	gen_sysmon_head(g, 11, fqdn, "File created (rule: FileCreate)",
	    "File created:");
	gen_guid(g, "ProcessGuid", h->rid);
	gen_kv(g, "ProcessId", "%u", gen_below(&g->c.rng, 0x4000) * 4);
	gen_kv(g, "Image", "%s", p->image);
	if (r == 0)
		gen_kv(g, "TargetFilename", "C:\\Users\\%s\\Downloads\\"
		    "report-%u.pdf", u, gen_below(&g->c.rng, 1000));
	else if (r == 1)
		gen_kv(g, "TargetFilename", "C:\\Windows\\Prefetch\\"
		    "%s-%08X.pf", p->orig,
		    (unsigned)gen_hash(p->image, strlen(p->image)));
	else
		gen_kv(g, "TargetFilename", "C:\\Users\\%s\\AppData\\Local\\"
		    "Temp\\%08x.tmp", u, (unsigned)gen_rand(&g->c.rng));
	gen_kv(g, "CreationUtcTime", "%s", gen_val(&g->ev, 1));
	gen_kv(g, "User", "CORP\\%s", u);
	gen_emit(g);
}

static void
gen_registry(struct gen *g, const struct gen_host *h, const char *fqdn)
{
	gen_sysmon_head(g, 13, fqdn, "Registry value set (rule: "
	    "RegistryEvent)", "Registry value set:");
	gen_kv(g, "EventType", "SetValue");
	gen_guid(g, "ProcessGuid", h->rid);
	gen_kv(g, "ProcessId", "%u", gen_below(&g->c.rng, 0x4000) * 4);
	if (gen_below(&g->c.rng, 2)) {
		gen_kv(g, "Image", "C:\\Windows\\explorer.exe");
		gen_kv(g, "TargetObject", "HKU\\" DOMAIN_SID "-%u\\Software\\"
		    "Microsoft\\Windows\\CurrentVersion\\Explorer\\"
		    "UserAssist\\{CEBFF5CD-ACE2-4F4F-9178-9926F41749EA}\\"
		    "Count\\HRZR_PGYFRFFVBA", h->rid);
		gen_kv(g, "Details", "Binary Data");
	} else {
		gen_kv(g, "Image", "C:\\Windows\\system32\\svchost.exe");
		gen_kv(g, "TargetObject", "HKLM\\System\\CurrentControlSet\\"
		    "Services\\bam\\State\\UserSettings\\" DOMAIN_SID "-%u\\"
		    "\\Device\\HarddiskVolume3\\Windows\\System32\\cmd.exe",
		    h->rid);
		gen_kv(g, "Details", "DWORD (0x%08x)", gen_below(&g->c.rng, 4));
	}
	gen_emit(g);
}

static void
gen_dns(struct gen *g, const struct gen_host *h, const char *fqdn)
{
	const struct gen_proc	*p = &gen_procs[gen_popular(&g->c.rng, 5)];
	const struct gen_dest	*d = &g->dest[gen_popular(&g->c.rng,
				    g->c.ndest)];
	char			 u[32];
	int			 nx = gen_below(&g->c.rng, 40) == 0;

	gen_user(h, u, sizeof(u));
	gen_sysmon_head(g, 22, fqdn, "Dns query (rule: DnsQuery)",
	    "Dns query:");
	gen_guid(g, "ProcessGuid", h->rid);
	gen_kv(g, "ProcessId", "%u", gen_below(&g->c.rng, 0x4000) * 4);
	gen_kv(g, "QueryName", "%s", d->name);
	gen_kv(g, "QueryStatus", nx ? "9003" : "0");
	if (nx)
		gen_kv(g, "QueryResults", "-");
	else
		gen_kv(g, "QueryResults", "::ffff:%s;", d->ip);
	gen_kv(g, "Image", "%s", p->image);
	gen_kv(g, "User", "CORP\\%s", u);
	gen_emit(g);
}

/*
 * Windows Defender's Operational channel on the workstations: what it
 * detected (1116, and 1006 from scans), what it did about it (1117, now
 * and then failing), real-time protection turned off (5001) and its
 * settings changed (5007), mostly by updates, rarely an exclusion.
 */
struct gen_threat {
	const char	*name;
	unsigned	 id;
	unsigned	 sev;
	const char	*sevname;
	unsigned	 cat;
	const char	*catname;
	const char	*path;		/* each %s is the user */
	const char	*process;
};

static const struct gen_threat gen_threats[] = {
	{ "Virus:DOS/EICAR_Test_File", 2147519003u, 5, "Severe", 42, "Virus",
	    "file:_C:\\Users\\%s\\Downloads\\eicar.com.txt",
	    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" },
	{ "Trojan:Win32/Wacatac.B!ml", 2147735503u, 5, "Severe", 8, "Trojan",
	    "file:_C:\\Users\\%s\\Downloads\\invoice_20260310.exe",
	    "C:\\Windows\\explorer.exe" },
	{ "PUA:Win32/Presenoker", 2147727921u, 1, "Low", 27,
	    "Potentially Unwanted Software",
	    "file:_C:\\Users\\%s\\AppData\\Local\\Temp\\setup_installer.exe",
	    "Unknown" },
	{ "TrojanDownloader:O97M/Donoff!MTB", 2147742415u, 5, "Severe", 3,
	    "Trojan Downloader",
	    "file:_C:\\Users\\%s\\AppData\\Local\\Microsoft\\Windows\\INetCache"
	    "\\Content.Outlook\\Q7ZK2N1D\\請求書_0310.xlsm",
	    "C:\\Program Files\\Microsoft Office\\root\\Office16\\"
	    "OUTLOOK.EXE" },
	{ "HackTool:Win32/Mimikatz!pz", 2147759930u, 4, "High", 34, "Tool",
	    "file:_C:\\ProgramData\\m64.exe", "Unknown" },
	{ "Trojan:Win32/Wacatac.H!ml", 2147780199u, 5, "Severe", 8, "Trojan",
	    "containerfile:_C:\\Users\\%s\\Downloads\\見積もり.zip;"
	    "file:_C:\\Users\\%s\\Downloads\\見積もり.zip->"
	    "見積もり用写真.xlsxs.exe", "C:\\Windows\\explorer.exe" },
};
#define GEN_NTHREATS	(sizeof(gen_threats) / sizeof(gen_threats[0]))

/* Settings 5007 reports: key, old and new value. */
static const char *const gen_def_settings[][3] = {
	{ "Signature Updates\\SignatureUpdateInterval", "0x8", "0x4" },
	{ "Scan\\AvgCPULoadFactor", "0x32", "0x1e" },
	{ "Spynet\\SubmitSamplesConsent", "0x1", "0x3" },
	{ "Features\\EnableCACS", "0x0", "0x1" },
};

#define DEF_REG	"HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\"

/* The template with every %s replaced by user. */
static void
gen_subst_user(char *buf, size_t size, const char *tmpl, const char *user)
{
	const char	*s;
	size_t		 n = 0;
	int		 r;

	buf[0] = '\0';
	while ((s = strstr(tmpl, "%s")) != NULL && n < size) {
		r = snprintf(buf + n, size - n, "%.*s%s", (int)(s - tmpl), tmpl,
		    user);
		n += r > 0 ? (size_t)r : 0;
		tmpl = s + 2;
	}
	if (n < size)
		snprintf(buf + n, size - n, "%s", tmpl);
}

static void
gen_def_head(struct gen *g, int id, const char *fqdn, const char *title)
{
	gen_ev_start(g, id, DEF_CHANNEL, fqdn);
	gen_ev_head(g, title, "None", "None");
	gen_kv(g, "Product Name", "Microsoft Defender Antivirus");
	gen_kv(g, "Product Version", "4.18.24090.11");
}

/* What 1117 did: Quarantine or Remove, and whether it worked. */
static void
gen_def_action(struct gen *g, int id)
{
	int	 failed = id == 1117 && gen_below(&g->c.rng, 25) == 0;
	int	 rm = gen_below(&g->c.rng, 4) == 0;

	gen_kv(g, "Action ID", "%s", id != 1117 ? "9" : rm ? "3" : "2");
	gen_kv(g, "Action Name", "%s", id != 1117 ? "Not Applicable" :
	    rm ? "Remove" : "Quarantine");
	gen_kv(g, "Unused4", "%s", "");
	gen_kv(g, "Error Code", "%s", failed ? "0x80508023" : "0x00000000");
	gen_kv(g, "Error Description", "%s", failed ? "The program could "
	    "not find the malware and other potentially unwanted software on "
	    "this device. " : "The operation completed successfully. ");
	gen_kv(g, "Unused5", "%s", "");
	gen_kv(g, "Post Clean Status", "0");
	gen_kv(g, "Additional Actions ID", "0");
	gen_kv(g, "Additional Actions String", "No additional actions "
	    "required");
	gen_kv(g, "Remediation User", "%s", id == 1117 ?
	    "NT AUTHORITY\\SYSTEM" : "");
}

/* 1006, 1116 or 1117: the threat, where it was found, what was done. */
static void
gen_def_threat(struct gen *g, const struct gen_host *h, const char *fqdn,
    int id)
{
	const struct gen_threat	*t = &gen_threats[gen_below(&g->c.rng,
				    GEN_NTHREATS)];
	char			 u[32], path[512], ts[32];

	gen_user(h, u, sizeof(u));
	gen_subst_user(path, sizeof(path), t->path, u);
	gen_time(g->now_ms, 1, ts, sizeof(ts));
	gen_def_head(g, id, fqdn, id == 1117 ? "Microsoft Defender Antivirus "
	    "has taken action to protect this machine from malware or other "
	    "potentially unwanted software." : "Microsoft Defender Antivirus "
	    "has detected malware or other potentially unwanted software.");
	g->ev.warning = id != 1117;
	gen_kv(g, "Detection ID", "{%08X-1C3D-4E5F-8A9B-%012" PRIX64 "}",
	    (unsigned)gen_rand(&g->c.rng),
	    gen_rand(&g->c.rng) & (uint64_t)0xffffffffffff);
	gen_kv(g, "Detection Time", "%s", ts);
	gen_kv(g, "Unused", "%s", "");
	gen_kv(g, "Unused2", "%s", "");
	gen_kv(g, "Threat ID", "%u", t->id);
	gen_kv(g, "Threat Name", "%s", t->name);
	gen_kv(g, "Severity ID", "%u", t->sev);
	gen_kv(g, "Severity Name", "%s", t->sevname);
	gen_kv(g, "Category ID", "%u", t->cat);
	gen_kv(g, "Category Name", "%s", t->catname);
	gen_kv(g, "FWLink", "https://go.microsoft.com/fwlink/?linkid=37020&"
	    "name=%s&threatid=%u&enterprise=1", t->name, t->id);
	gen_kv(g, "Status Code", "%s", id == 1117 ? "3" : "1");
	gen_kv(g, "Status Description", "%s", "");
	gen_kv(g, "State", "%s", id == 1117 ? "2" : "1");
	gen_kv(g, "Source ID", "%s", id == 1006 ? "2" : "3");
	gen_kv(g, "Source Name", "%s", id == 1006 ? "User" :
	    "Real-Time Protection");
	gen_kv(g, "Process Name", "%s", t->process);
	gen_kv(g, "Detection User", "CORP\\%s", u);
	gen_kv(g, "Unused3", "%s", "");
	gen_kv(g, "Path", "%s", path);
	gen_kv(g, "Origin ID", "%s", "4");
	gen_kv(g, "Origin Name", "%s", "Internet");
	gen_kv(g, "Execution ID", "%s", "1");
	gen_kv(g, "Execution Name", "%s", "Suspended");
	gen_kv(g, "Type ID", "0");
	gen_kv(g, "Type Name", "Concrete");
	gen_kv(g, "Pre Execution Status", "0");
	gen_def_action(g, id);
	gen_kv(g, "Unused6", "%s", "");
	gen_kv(g, "Security intelligence Version", "AV: 1.421.1012.0, AS: "
	    "1.421.1012.0, NIS: 1.421.1012.0");
	gen_kv(g, "Engine Version", "AM: 1.1.24090.11, NIS: 1.1.24090.11");
	gen_emit(g);
}

/* 5007: a setting an update changed, or, one time in a hundred, a path
 * excluded from scanning. */
static void
gen_def_config(struct gen *g, const char *fqdn)
{
	const char *const	*s = gen_def_settings[gen_below(&g->c.rng, 4)];

	gen_def_head(g, 5007, fqdn, "Microsoft Defender Antivirus "
	    "Configuration has changed. If this is an unexpected event you "
	    "should review the settings as this may be the result of "
	    "malware.");
	if (gen_below(&g->c.rng, 100) == 0) {
		gen_kv(g, "Old Value", "%s", "");
		gen_kv(g, "New Value", DEF_REG "Exclusions\\Paths\\"
		    "C:\\Users\\Public = 0x0");
	} else {
		gen_kv(g, "Old Value", DEF_REG "%s = %s", s[0], s[1]);
		gen_kv(g, "New Value", DEF_REG "%s = %s", s[0], s[2]);
	}
	gen_emit(g);
}

/* One Defender event, by the weights of a working day. */
static void
gen_defender(struct gen *g)
{
	const struct gen_host	*h =
	    &g->hosts[gen_popular(&g->c.rng, g->c.endpoints)];
	char			 fqdn[64];
	uint32_t		 r = gen_below(&g->c.rng, 1000);

	gen_fqdn(h->name, fqdn, sizeof(fqdn));
	if (r < 450)
		gen_def_config(g, fqdn);
	else if (r < 670)
		gen_def_threat(g, h, fqdn, 1116);
	else if (r < 890)
		gen_def_threat(g, h, fqdn, 1117);
	else if (r < 980)
		gen_def_threat(g, h, fqdn, 1006);
	else {
		gen_def_head(g, 5001, fqdn, "Microsoft Defender Antivirus "
		    "Real-time Protection scanning for malware and other "
		    "potentially unwanted software was disabled.");
		g->ev.warning = 1;
		gen_emit(g);
	}
}

/* PsExec from a to b: credentials, ADMIN$, the service, its pipe. */
static void
gen_psexec(struct gen *g, const struct gen_host *a, const struct gen_host *b)
{
	char	 fa[64], fb[64], u[32];

	gen_user(a, u, sizeof(u));
	gen_fqdn(a->name, fa, sizeof(fa));
	gen_fqdn(b->name, fb, sizeof(fb));
	gen_ev_start(g, 4648, "Security", fa);
	gen_ev_head(g, "A logon was attempted using explicit credentials.",
	    "Logon", "explicit-credential-logon");
	gen_subject(g, DOMAIN_SID "-1104", u, "CORP", 0x3e7);
	gen_kv(g, "LogonGuid", "{00000000-0000-0000-0000-000000000000}");
	gen_kv(g, "TargetUserName", "adm-alice");
	gen_kv(g, "TargetDomainName", "CORP");
	gen_kv(g, "TargetLogonGuid", "{00000000-0000-0000-0000-000000000000}");
	gen_kv(g, "TargetServerName", "%s", b->name);
	gen_kv(g, "TargetInfo", "%s", b->name);
	gen_kv(g, "ProcessId", "0x1a2c");
	gen_kv(g, "ProcessName", "C:\\Users\\%s\\Downloads\\PsExec64.exe", u);
	gen_kv(g, "IpAddress", "%s", b->ip);
	gen_kv(g, "IpPort", "445");
	gen_emit(g);
	gen_ev_start(g, 5140, "Security", fb);
	gen_ev_head(g, "A network share object was accessed.", "File Share",
	    "network-share-object-accessed");
	gen_subject(g, DOMAIN_SID "-1500", "adm-alice", "CORP", 0x5e1f3);
	gen_kv(g, "ObjectType", "File");
	gen_kv(g, "IpAddress", "%s", a->ip);
	gen_kv(g, "IpPort", "%u", gen_port(g));
	gen_kv(g, "ShareName", "\\\\*\\ADMIN$");
	gen_kv(g, "ShareLocalPath", "\\??\\C:\\Windows");
	gen_kv(g, "AccessMask", "0x1");
	gen_emit(g);
	gen_ev_start(g, 5145, "Security", fb);
	gen_ev_head(g, "A network share object was checked to see whether "
	    "client can be granted desired access.", "Detailed File Share",
	    "network-share-object-access-checked");
	gen_subject(g, DOMAIN_SID "-1500", "adm-alice", "CORP", 0x5e1f3);
	gen_kv(g, "ObjectType", "File");
	gen_kv(g, "IpAddress", "%s", a->ip);
	gen_kv(g, "IpPort", "%u", gen_port(g));
	gen_kv(g, "ShareName", "\\\\*\\ADMIN$");
	gen_kv(g, "ShareLocalPath", "\\??\\C:\\Windows");
	gen_kv(g, "RelativeTargetName", "PSEXESVC.exe");
	gen_kv(g, "AccessMask", "0x2");
	gen_emit(g);
	gen_service(g, fb, "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe",
	    "LocalSystem");
	gen_sysmon_head(g, 17, fb, "Pipe Created (rule: PipeEvent)",
	    "Pipe Created:");
	gen_kv(g, "EventType", "CreatePipe");
	gen_kv(g, "PipeName", "\\PSEXESVC-%s-6104-stdin", a->name);
	gen_kv(g, "Image", "C:\\Windows\\PSEXESVC.exe");
	gen_emit(g);
}

/* DCSync by the user of a: 4662 with both replication rights. */
static void
gen_dcsync(struct gen *g, const struct gen_host *a)
{
	static const char *const guids[] = {
	    "{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}",
	    "{1131f6ad-9c07-11d1-f79f-00c04fc2dcd2}" };
	char	 u[32];
	int	 i;

	gen_user(a, u, sizeof(u));
	for (i = 0; i < 2; i++) {
		gen_ev_start(g, 4662, "Security", "DC01.corp.local");
		gen_ev_head(g, "An operation was performed on an object.",
		    "Directory Service Access", "object-operation-performed");
		gen_subject(g, DOMAIN_SID "-1104", u, "CORP", 0x10a7df);
		gen_kv(g, "ObjectServer", "DS");
		gen_kv(g, "ObjectType", "%%{19195a5b-6da0-11d0-afd3-"
		    "00c04fd930c9}");
		gen_kv(g, "ObjectName", "%%{2b5a8e6c-71f3-4c2e-9a0d-"
		    "5f1e0c9d7a21}");
		gen_kv(g, "OperationType", "Object Access");
		gen_kv(g, "HandleId", "0x0");
		gen_kv(g, "AccessList", "%%%%7688\r\n\t\t\t\t");
		gen_kv(g, "AccessMask", "0x100");
		gen_kv(g, "Properties", "%%%%7688\r\n\t\t%s\r\n\t"
		    "{19195a5b-6da0-11d0-afd3-00c04fd930c9}\r\n", guids[i]);
		gen_kv(g, "AdditionalInfo", "-");
		gen_emit(g);
	}
}

/* PsExec from the first endpoint to the second, then DCSync. */
static void
gen_attack(struct gen *g)
{
	gen_psexec(g, &g->hosts[0], &g->hosts[g->c.endpoints > 1 ? 1 : 0]);
	gen_dcsync(g, &g->hosts[0]);
}

#define GEN_NATTACK	7

/* One ordinary event, by the weights of a working day. */
static void
gen_one(struct gen *g)
{
	const struct gen_host	*h =
	    &g->hosts[gen_popular(&g->c.rng, g->c.endpoints)];
	const char		*dc = gen_below(&g->c.rng, 2) ?
				    "DC01.corp.local" : "DC02.corp.local";
	char			 fqdn[64];
	uint32_t		 r = gen_below(&g->c.rng, 1000);

	gen_fqdn(h->name, fqdn, sizeof(fqdn));
	if (r < 150)
		gen_logon(g, h, dc, 0, 0);
	else if (r < 180)
		gen_logon(g, h, "FS01.corp.local", 0, 1);
	else if (r < 195)
		gen_logon(g, h, "FS01.corp.local", 1, 1);
	else if (r < 295)
		gen_logoff(g, h, dc);
	else if (r < 325)
		gen_special(g, dc);
	else if (r < 385)
		gen_process(g, h, fqdn, 0);
	else if (r < 435)
		gen_kerberos(g, h, dc, 0);
	else if (r < 555)
		gen_kerberos(g, h, dc, 1);
	else if (r < 595)
		gen_ntlm(g, h, dc);
	else if (r < 625)
		gen_share(g, h, 0);
	else if (r < 675)
		gen_share(g, h, 1);
	else if (r < 676)
		gen_service(g, fqdn, "Google Update Service (gupdate)",
		    "\"C:\\Program Files (x86)\\Google\\Update\\"
		    "GoogleUpdate.exe\" /svc", "LocalSystem");
	else if (r < 746)
		gen_process(g, h, fqdn, 1);
	else if (r < 856)
		gen_netconn(g, h, fqdn);
	else if (r < 906)
		gen_filecreate(g, h, fqdn);
	else if (r < 946)
		gen_registry(g, h, fqdn);
	else
		gen_dns(g, h, fqdn);
}

static void
gen_run(struct gen *g)
{
	uint64_t	 i, at = g->attack && g->c.lines > GEN_NATTACK ?
			    g->c.lines / 2 : UINT64_MAX;

	for (i = 0; i < g->c.lines; i++) {
		g->acc_us += g->c.gap_us / 2 + gen_below(&g->c.rng, (uint32_t)
		    (g->c.gap_us < UINT32_MAX ? g->c.gap_us : UINT32_MAX));
		g->now_ms += g->acc_us / 1000;
		g->acc_us %= 1000;
		if (i == at) {
			gen_attack(g);
			i += GEN_NATTACK - 1;
		} else if (g->defender)
			gen_defender(g);
		else
			gen_one(g);
	}
	gen_flush(&g->c.out);
}

static int
gen_setup(struct gen *g)
{
	uint32_t	 i;
	const char	*base;

	g->hosts = calloc(g->c.endpoints, sizeof(*g->hosts));
	g->dest = calloc(g->c.ndest, sizeof(*g->dest));
	if (g->hosts == NULL || g->dest == NULL)
		return -1;
	for (i = 0; i < g->c.endpoints; i++) {
		snprintf(g->hosts[i].name, sizeof(g->hosts[i].name), "WS%04u",
		    i + 1);
		snprintf(g->hosts[i].ip, sizeof(g->hosts[i].ip),
		    "10.20.%u.%u", 1 + i / 240, 10 + i % 240);
		g->hosts[i].user = gen_users[i % GEN_NUSERS];
		g->hosts[i].suffix = i / GEN_NUSERS;
		g->hosts[i].rid = 1104 + i;
	}
	for (i = 0; i < g->c.ndest; i++) {
		base = gen_bases[i % GEN_NBASES];
		if (i < GEN_NBASES)
			snprintf(g->dest[i].name, sizeof(g->dest[i].name),
			    "%s", base);
		else
			snprintf(g->dest[i].name, sizeof(g->dest[i].name),
			    "%s%u.%s", gen_subs[(i / GEN_NBASES) % GEN_NSUBS],
			    (unsigned)(i / (GEN_NBASES * GEN_NSUBS)), base);
		/*
		 * Documentation ranges: no real host gets the traffic.
		 * 192.0.2.0/24 is kept for planted malicious addresses.
		 */
		snprintf(g->dest[i].ip, sizeof(g->dest[i].ip), "%s.%u",
		    (const char *const[]){ "198.51.100", "203.0.113" }[i % 2],
		    1 + (unsigned)(gen_hash(g->dest[i].name,
		    strlen(g->dest[i].name)) % 254));
	}
	return 0;
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: gen_windows [-aD] [-n lines] [-e endpoints] "
	    "[-d destinations]\n"
	    "                   [-s seed] [-t start_epoch] "
	    "[-x winlogbeat|nxlog|mixed]\n"
	    "-a injects PsExec from WS0001 to WS0002 and a DCSync by the "
	    "user of WS0001.\n"
	    "-D writes Windows Defender's Operational channel only (1006, "
	    "1116, 1117, 5001, 5007).\n");
	exit(1);
}

int
main(int argc, char *argv[])
{
	static const char *const schemes[] = { "winlogbeat", "nxlog",
	    "mixed" };
	struct gen	*g;
	int		 ch;

	if ((g = gen_common_new(sizeof(*g), "gen_windows")) == NULL)
		return 1;
	g->c.max_endpoints = 60000;
	g->scheme = GEN_MIXED;
	while ((ch = getopt(argc, argv, GEN_COMMON_OPTS "aDx:")) != -1) {
		if (ch == 'a')
			g->attack = 1;
		else if (ch == 'D')
			g->defender = 1;
		else if (ch == 'x')
			g->scheme = (enum gen_scheme)gen_lookup(optarg,
			    schemes, 3);
		else if (gen_common_opt(&g->c, ch, optarg) == -1)
			usage();
	}
	gen_common_end(argc);
	/* By default the events spread over a working day. */
	g->c.gap_us = gen_workday_gap(g->c.lines);
	g->now_ms = g->c.start * 1000;
	g->record = 1000000;
	if (gen_setup(g) == -1) {
		perror("gen_windows");
		return 1;
	}
	gen_run(g);
	free(g->hosts);
	free(g->dest);
	free(g);
	return gen_finish("gen_windows");
}
