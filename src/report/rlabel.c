/*
 * The report's words in English and Japanese (rint.h): the headings,
 * the phase-A/F vocabulary of the summary, the countermeasures, the
 * attack stages and their colours.  A key without a row is shown as it is.
 */
#include <string.h>

#include "report/rint.h"

struct rlabel_row {
	const char	*key, *en, *ja;
};

static const struct rlabel_row rlabel_rows[] = {
	{ "title", "Incident report", "インシデント報告書" },
	{ "index", "Incidents", "インシデント一覧" },
	{ "summary", "Summary", "概要" },
	{ "what", "What happened", "発生事象" },
	{ "where", "Where (log sources)", "発見箇所（ログの種類）" },
	{ "endpoints", "Endpoints", "端末" },
	{ "users", "Users", "利用者" },
	{ "why", "Why it is abnormal", "異常と判断した理由" },
	{ "importance", "Importance", "重要度" },
	{ "priority", "Priority", "優先度" },
	{ "stage", "Furthest attack stage", "到達した攻撃段階" },
	{ "period", "First and last seen", "初回・最終検知" },
	{ "alerts", "Alerts", "アラート" },
	{ "countermeasures", "Countermeasures (taken or suggested)",
	    "対処（実施済み・推奨）" },
	{ "target", "Target", "対象" },
	{ "action", "Action", "対処内容" },
	{ "object", "On", "対象物" },
	{ "account", "account", "アカウント" },
	{ "endpoint", "endpoint", "端末" },
	{ "segment", "segment", "セグメント" },
	{ "service", "service", "サービス" },
	{ "path", "Attack path", "攻撃経路" },
	{ "path_note", "Endpoints, the propagation between them (technique "
	    "on each edge) and the outside destinations, with first and last "
	    "seen.", "端末、端末間の感染拡大（矢印に手法）、外部の通信先。"
	    "初回・最終検知の時刻つき。" },
	{ "timeline", "Timeline", "時系列" },
	{ "timeline_note", "Each mark is the alerts of one stage on one "
	    "endpoint in a slice of time; hover for the count.",
	    "印は端末ごと・時間帯ごと・攻撃段階ごとのアラート。"
	    "件数は印に重ねると表示。" },
	{ "table", "Alerts and evidence", "アラートと証拠" },
	{ "time", "Time", "時刻" },
	{ "rule", "Rule", "ルール" },
	{ "phenomenon", "Phenomenon", "事象" },
	{ "evidence", "evidence", "証拠ログ" },
	{ "page", "Page", "ページ" },
	{ "not_shown", "alerts not shown in the table (see the alert file)",
	    "件のアラートは表に載せていない（アラートファイル参照）" },
	{ "outside", "outside destination", "外部の通信先" },
	{ "none", "none", "なし" },
	{ "low", "low", "低" },
	{ "medium", "medium", "中" },
	{ "high", "high", "高" },
	{ "critical", "critical", "緊急" },
	{ "read", "Read", "読み込み" },
	{ "broken", "broken lines", "壊れた行" },
	{ "unknown_fields", "unknown fields", "不明な項目" },
	{ "more_endpoints", "more endpoints not drawn", "台の端末は省略" },
	{ "incident", "Incident", "インシデント" },
	{ "generated", "Generated", "作成" },
	{ "rules", "Rules that alerted", "検知したルール" },
	{ "phase", "Phase A (discovery and report) and F (attack path)",
	    "フェーズA（事象の発見と報告）・フェーズF（攻撃経路の特定）" },
};

/*
 * The countermeasures' actions (detectd.rules(5)) in Japanese; in
 * English the alert's own description is shown.
 */
static const char *const rlabel_actions[][2] = {
	{ "notify-user", "利用者に連絡し、何をしていたかを確認する" },
	{ "reset-password",
	    "アカウントのパスワードを再設定し、セッションを無効にする" },
	{ "disable-account", "調査で問題がないと分かるまでアカウントを無効にする" },
	{ "isolate", "端末をネットワークから隔離する（EDRによる封じ込め、"
	    "またはスイッチポートの遮断）" },
	{ "block-destination-url", "プロキシで通信先のURLを遮断する" },
	{ "block-destination-ip",
	    "ファイアウォールで通信先のIPアドレスを遮断する" },
	{ "block-destination-port", "ファイアウォールで通信先のポートを遮断する" },
	{ "disconnect", "端末をネットワークから切り離す（LANケーブルを抜く、"
	    "無線を切る）" },
	{ "dns-sinkhole", "社内DNSサーバで、そのドメインの問い合わせに"
	    "シンクホールのアドレスを返す" },
	{ "block-domain", "セグメント全体で、プロキシとDNSでドメインを遮断する" },
	{ "block-url", "セグメント全体で、プロキシでURLを遮断する" },
	{ "cut-segment", "端末のセグメントをネットワークの他の部分から切り離す" },
	{ "partial-stop", "サービスの影響を受けた部分を停止する" },
	{ "full-stop", "サービス全体を停止する" },
};

static const char *const rlabel_stages[7][2] = {
	{ "no stage", "段階なし" },
	{ "1 reconnaissance", "1 偵察" },
	{ "2 initial intrusion", "2 初期侵入" },
	{ "3 foothold", "3 攻撃基盤構築" },
	{ "4 lateral spread", "4 内部侵入・調査" },
	{ "5 active C2 communication", "5 C2通信" },
	{ "6 objective executed", "6 目的実行" },
};

static const char *const rlabel_colors[7] = {
	"#8c8c8c", "#4e79a7", "#76b7b2", "#edc948", "#f28e2b", "#e15759",
	"#9c1f5b"
};

const char *
rlabel(enum report_lang lang, const char *key)
{
	size_t	 i;

	for (i = 0; i < sizeof(rlabel_rows) / sizeof(*rlabel_rows); i++)
		if (strcmp(rlabel_rows[i].key, key) == 0)
			return lang == REPORT_JA ? rlabel_rows[i].ja :
			    rlabel_rows[i].en;
	return key;
}

const char *
rlabel_stage(enum report_lang lang, int stage)
{
	if (stage < 0 || stage > 6)
		stage = 0;
	return rlabel_stages[stage][lang == REPORT_JA];
}

const char *
rlabel_stage_color(int stage)
{
	return rlabel_colors[stage < 0 || stage > 6 ? 0 : stage];
}

const char *
rlabel_action(enum report_lang lang, const char *action, const char *text)
{
	size_t	 i;

	if (lang != REPORT_JA || action == NULL)
		return text;
	for (i = 0; i < sizeof(rlabel_actions) / sizeof(*rlabel_actions); i++)
		if (strcmp(rlabel_actions[i][0], action) == 0)
			return rlabel_actions[i][1];
	return text;
}
