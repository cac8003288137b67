//! What the explorer benches share: an app pointed at the demo, sized like a terminal.

use flowscope::app::shared::action::Action;
use flowscope::app::shared::effect::Target;
use flowscope::app::shared::theme::ThemeName;
use flowscope::app::state::App;
use flowscope::app::update::update;
use flowscope::config::keymap::Keymap;
use flowscope::emulator::TEST_EPOCH_MS;

/// A fresh app on the demo's `prod` sandbox at the fixed test clock, `width`×`height`.
pub fn demo_app(width: u16, height: u16) -> App {
    let target = Target {
        demo: true,
        endpoint: "http://127.0.0.1:7878".into(),
        sandbox: "prod".into(),
        profile: None,
    };
    let mut app = App::new(
        target,
        Keymap::defaults(),
        ThemeName::Dark,
        flowscope::ui::text::new_text,
        TEST_EPOCH_MS,
    );
    update(&mut app, Action::Resize { width, height });
    app
}
