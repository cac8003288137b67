//! The window a run on demand reads when nobody types one: from the end of the flow's
//! last run (when it ended in the last thirty days) or a day back, to now. The trigger
//! form starts from it, and a trigger of many marked flows sends it as is.

use serde_json::{Value, json};

const DAY_S: i64 = 86_400;

/// `(now, window start)` in epoch seconds for `flow` at `now_ms`.
pub fn window(flow: &Value, now_ms: i64) -> (i64, i64) {
    let now_s = now_ms.div_euclid(1000);
    let last_end = flow
        .pointer("/lastRunDetails/completedAtUTC")
        .and_then(Value::as_i64)
        .map(|ms| ms.div_euclid(1000))
        .filter(|t| *t < now_s && now_s - *t <= 30 * DAY_S);
    (now_s, last_end.unwrap_or(now_s - DAY_S))
}

/// The `POST /runs` body of `flow` over its default window (seconds as strings, as the
/// API wants them).
pub fn default_body(flow: &Value, now_ms: i64) -> Value {
    let (now_s, from) = window(flow, now_ms);
    json!({
        "flowId": crate::shared::table::s(flow, "/id"),
        "params": {
            "startTime": now_s.to_string(),
            "windowStartTime": from.to_string(),
            "windowEndTime": now_s.to_string(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_starts_where_the_last_run_ended_or_a_day_back() {
        let now_ms = 1_793_491_200_000;
        let ran = json!({"id": "f", "lastRunDetails": {"completedAtUTC": now_ms - 3_600_000}});
        assert_eq!(window(&ran, now_ms), (now_ms / 1000, now_ms / 1000 - 3600));
        let body = default_body(&json!({"id": "f"}), now_ms);
        assert_eq!(body["flowId"], "f");
        assert_eq!(
            body["params"]["windowStartTime"],
            (now_ms / 1000 - DAY_S).to_string()
        );
    }
}
