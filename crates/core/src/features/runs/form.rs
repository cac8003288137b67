//! The trigger form: the `POST /runs` params (`startTime`, `windowStartTime`,
//! `windowEndTime`, `deltaColumn`), prefilled from the flow, with warnings when its state
//! or schedule make a run on demand fail or surprise, and the exact body it will send.

use crate::shared::fmt::split_unit;
use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{Value, json};

use crate::shared::fmt::schedule;
use crate::shared::table::s;
use crate::shared::text::{NewText, TextBuffer, TextKind, one_line};

/// (body member, label) per field, in form order.
pub const FIELDS: [(&str, &str); 4] = [
    ("startTime", "start time"),
    ("windowStartTime", "window start"),
    ("windowEndTime", "window end"),
    ("deltaColumn", "delta column"),
];

const DAY_S: i64 = 86_400;

#[derive(Debug)]
pub struct TriggerForm {
    pub flow_id: String,
    pub flow_name: String,
    pub fields: Vec<Box<dyn TextBuffer>>,
    pub focus: usize,
    pub warnings: Vec<String>,
    /// `now` for the form, epoch seconds: what `now` in a field means.
    pub now_s: i64,
}

fn field(new_text: NewText, text: &str) -> Box<dyn TextBuffer> {
    one_line(new_text, TextKind::Field, text)
}

impl TriggerForm {
    /// A form for `flow` at `now_ms`. The window runs from the end of the flow's last
    /// run (or a day back) to now; `running` says a run of it is still going.
    pub fn new(new_text: NewText, flow: &Value, now_ms: i64, running: bool) -> TriggerForm {
        let (now_s, from) = crate::shared::trigger::window(flow, now_ms);
        let mut warnings = Vec::new();
        let state = s(flow, "/state");
        if !state.is_empty() && state != "enabled" {
            warnings.push(format!(
                "the flow is {state}: the service refuses runs of a flow that is not enabled (D enables it)"
            ));
        }
        let freq = s(flow, "/scheduleParams/frequency");
        if !freq.is_empty() && freq != "once" {
            warnings.push(format!(
                "the flow runs on a schedule ({}): the service runs on demand only flows scheduled once, so it will refuse this run",
                schedule(flow)
            ));
        }
        if running {
            warnings.push("a run of this flow is still in progress".to_string());
        }
        TriggerForm {
            flow_id: s(flow, "/id").to_string(),
            flow_name: s(flow, "/name").to_string(),
            fields: [
                now_s.to_string(),
                from.to_string(),
                now_s.to_string(),
                String::new(),
            ]
            .iter()
            .map(|t| field(new_text, t))
            .collect(),
            focus: 0,
            warnings,
            now_s,
        }
    }

    pub fn value(&self, i: usize) -> String {
        self.fields
            .get(i)
            .map(|t| t.lines().join(""))
            .unwrap_or_default()
    }

    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
    }

    /// The body to send, or the field that is wrong and why.
    pub fn body(&self) -> Result<Value, (usize, String)> {
        let mut times = Vec::new();
        for i in 0..3 {
            let t = seconds(&self.value(i), self.now_s).map_err(|e| (i, e))?;
            times.push(t);
        }
        if times[1] >= times[2] {
            return Err((2, "the window must end after it starts".into()));
        }
        let mut params = json!({
            "startTime": times[0].to_string(),
            "windowStartTime": times[1].to_string(),
            "windowEndTime": times[2].to_string(),
        });
        let delta = self.value(3);
        if !delta.trim().is_empty() {
            params["deltaColumn"] = json!({ "name": delta.trim() });
        }
        Ok(json!({ "flowId": self.flow_id, "params": params }))
    }
}

/// Epoch seconds from `1793491200`, `now`, `now-6h`, `2026-11-01` or
/// `2026-11-01 06:00` (UTC). The API wants seconds as a string.
pub fn seconds(text: &str, now_s: i64) -> Result<i64, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err("a time is needed".into());
    }
    if let Ok(n) = t.parse::<i64>() {
        // Milliseconds pasted from a run's JSON are a common slip: say so.
        if n > 100_000_000_000 {
            return Err(format!(
                "{n} looks like milliseconds; the API wants seconds"
            ));
        }
        return Ok(n);
    }
    if let Some(rest) = t.strip_prefix("now") {
        let rest = rest.trim();
        if rest.is_empty() {
            return Ok(now_s);
        }
        let back = rest
            .strip_prefix('-')
            .and_then(|r| {
                let (n, unit) = split_unit(r)?;
                let n: i64 = n.trim().parse().ok()?;
                n.checked_mul(match unit {
                    'm' => 60,
                    'h' => 3_600,
                    'd' => DAY_S,
                    _ => return None,
                })
            })
            .and_then(|back| now_s.checked_sub(back))
            .ok_or_else(|| format!("cannot read `{t}`: try now-6h or now-2d"))?;
        return Ok(back);
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(d.and_utc().timestamp());
        }
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|d| d.and_utc().timestamp())
        .ok_or_else(|| {
            format!("cannot read `{t}`: epoch seconds, now, now-6h, or 2026-11-01 06:00 (UTC)")
        })
}

#[cfg(test)]
mod tests {
    use crate::features::runs::form::*;
    use crate::shared::text::plain::new_text;

    const NOW_MS: i64 = 1_793_491_200_000;
    const NOW_S: i64 = NOW_MS / 1000;

    #[test]
    fn prefilled_from_the_last_run_and_warned_about_schedule_and_state() {
        let flow = json!({"id": "f", "name": "Orders", "state": "disabled",
            "scheduleParams": {"frequency": "hour", "interval": 1},
            "lastRunDetails": {"completedAtUTC": NOW_MS - 3_600_000}});
        let f = TriggerForm::new(new_text, &flow, NOW_MS, true);
        assert_eq!(f.value(1), (NOW_S - 3600).to_string());
        assert_eq!(f.warnings.len(), 3);
        assert!(f.warnings[0].contains("disabled"));
        assert!(f.warnings[1].contains("every 1 hour"));
        let body = f.body().unwrap();
        assert_eq!(body["flowId"], "f");
        assert_eq!(body["params"]["startTime"], NOW_S.to_string());
        assert!(body["params"].get("deltaColumn").is_none());
    }

    #[test]
    fn a_flow_run_once_and_enabled_has_no_warning() {
        let flow = json!({"id": "f", "state": "enabled", "scheduleParams": {"frequency": "once"}});
        let f = TriggerForm::new(new_text, &flow, NOW_MS, false);
        assert!(f.warnings.is_empty());
        assert_eq!(f.value(1), (NOW_S - DAY_S).to_string());
    }

    #[test]
    fn times_read_as_people_write_them() {
        assert_eq!(seconds("now", NOW_S), Ok(NOW_S));
        assert_eq!(seconds("now-6h", NOW_S), Ok(NOW_S - 6 * 3600));
        assert_eq!(seconds("2026-11-01", NOW_S), Ok(NOW_S));
        assert_eq!(seconds("2026-11-01 06:00", NOW_S), Ok(NOW_S + 6 * 3600));
        assert!(
            seconds(&NOW_MS.to_string(), NOW_S)
                .unwrap_err()
                .contains("milliseconds")
        );
        assert!(seconds("tomorrow", NOW_S).is_err());
        assert!(
            seconds("now-1é", NOW_S).is_err(),
            "no panic inside a character"
        );
        assert!(
            seconds("now-99999999999999999d", NOW_S).is_err(),
            "no overflow"
        );
    }

    #[test]
    fn a_window_backwards_is_refused_on_its_field() {
        let flow = json!({"id": "f"});
        let mut f = TriggerForm::new(new_text, &flow, NOW_MS, false);
        f.fields[2] = field(new_text, "2026-10-01");
        assert_eq!(f.body().unwrap_err().0, 2);
        f.fields[2] = field(new_text, &NOW_S.to_string());
        f.fields[3] = field(new_text, "updated_at");
        assert_eq!(
            f.body().unwrap()["params"]["deltaColumn"]["name"],
            "updated_at"
        );
    }
}
