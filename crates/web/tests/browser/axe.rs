//! The accessibility audit: axe-core injected into the page the browser shows, run against
//! WCAG 2.0/2.1 A and AA, failing the story on any "serious" or "critical" violation.
//!
//! axe-core comes from npm (`cargo xtask test` installs it and exports `FAMILIEHUS_TEST_AXE`);
//! its source is run as a WebDriver script, which a page's Content-Security-Policy does not
//! block, so the pages need no hook for it.

use crate::harness::Session;
use serde_json::{Value, json};

/// The rules the municipality must meet (WCAG 2.1 AA, as Danish public-sector web law requires).
const TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// A violation this bad fails the story; "moderate" and "minor" ones are printed only.
const FAILING_IMPACTS: [&str; 2] = ["serious", "critical"];

impl Session {
    /// Audits the page the browser shows (`page` names it in the output) and panics listing
    /// every serious or critical violation: rule, help text, and the offending elements.
    pub async fn assert_accessible(&self, page: &str) {
        let audit = self.axe_run().await;
        let violations = audit["violations"].as_array().cloned().unwrap_or_default();
        // One line per audit (visible with --nocapture): proof the page was checked, and the
        // checks axe could not decide, which need a human look.
        println!(
            "axe on {page} ({}): {} violation(s), {} rule(s) passed, {} to review by hand: {}",
            self.path().await,
            violations.len(),
            audit["passes"],
            audit["incomplete"].as_array().map_or(0, Vec::len),
            audit["incomplete"]
        );
        let mut failing = Vec::new();
        for violation in &violations {
            let impact = violation["impact"].as_str().unwrap_or("unknown");
            let description = describe(violation);
            if FAILING_IMPACTS.contains(&impact) {
                failing.push(description);
            } else {
                // Visible with --nocapture, for the page's author.
                println!("axe on {page} ({}): {description}", self.path().await);
            }
        }
        assert!(
            failing.is_empty(),
            "axe found {} serious or critical WCAG violation(s) on {page} ({}):\n{}",
            failing.len(),
            self.path().await,
            failing.join("\n")
        );
    }

    /// axe-core's findings on the current page: `violations` (as reported), `passes` (a count)
    /// and `incomplete` (the ids of rules it could not decide).
    async fn axe_run(&self) -> Value {
        // Each page load starts a new window object: inject on every audit unless already there.
        let present = self.client.execute("return typeof window.axe === 'object';", vec![]).await.expect("probe for axe");
        if present != json!(true) {
            let script = format!("{}\n;return typeof window.axe;", self.axe_source);
            let loaded = self.client.execute(&script, vec![]).await.expect("inject axe-core");
            assert_eq!(loaded, json!("object"), "axe-core did not load from FAMILIEHUS_TEST_AXE");
        }
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                    .then(r => done({
                        passes: r.passes.length,
                        incomplete: r.incomplete.map(v => v.id),
                        violations: r.violations.map(v => ({
                            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                            nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary}))
                        }))
                    }))
                    .catch(e => done({error: String(e)}));",
                vec![json!(TAGS)],
            )
            .await
            .expect("run axe");
        if let Some(error) = result.get("error") {
            panic!("axe.run failed: {error}");
        }
        result
    }
}

/// One line per violation and one per offending element: what to fix and where.
fn describe(violation: &Value) -> String {
    let mut text = format!(
        "[{}] {}: {} ({})",
        violation["impact"].as_str().unwrap_or("?"),
        violation["id"].as_str().unwrap_or("?"),
        violation["help"].as_str().unwrap_or("?"),
        violation["helpUrl"].as_str().unwrap_or("")
    );
    for node in violation["nodes"].as_array().into_iter().flatten() {
        let summary = node["summary"].as_str().unwrap_or("").replace('\n', " ");
        text.push_str(&format!("\n    at {} {} — {}", node["target"], node["html"].as_str().unwrap_or(""), summary));
    }
    text
}
