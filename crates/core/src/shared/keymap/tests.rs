//! The keymap: the shipped file parses and binds every action, user entries replace,
//! unbind and warn one at a time, and keys round-trip through their names.

use crate::shared::key::{KeyCode, KeyKind, Mods};
use crate::shared::keymap::*;

fn press(code: KeyCode, mods: Mods) -> Key {
    Key::new(code, mods)
}

fn ch(c: char) -> Key {
    press(KeyCode::Char(c), Mods::NONE)
}

#[test]
fn shipped_keymap_parses_cleanly_and_binds_every_action() {
    let mut map = Keymap::default();
    let warnings = map.overlay(Keymap::DEFAULT_TOML, "keymap.toml");
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(map, Keymap::defaults());
    let bound: HashSet<&str> = map
        .contexts
        .values()
        .flatten()
        .map(|b| b.action.as_str())
        .collect();
    for name in Action::NAMES {
        assert!(bound.contains(name), "`{name}` has no key in keymap.toml");
    }
    for b in map.contexts.values().flatten() {
        // Short enough for the footer; `t`'s three meanings on a row are the longest.
        assert!(b.desc.chars().count() <= 34, "desc too long: {:?}", b.desc);
        assert!(!b.desc.is_empty(), "empty desc for {}", b.action);
    }
}

#[test]
fn shipped_keymap_has_vim_and_arrow_keys() {
    let map = Keymap::defaults();
    for ctx in [Context::List, Context::Detail, Context::Help] {
        assert_eq!(map.action(ctx, &ch('j')), Some(Action::Down));
        assert_eq!(
            map.action(ctx, &press(KeyCode::Down, Mods::NONE)),
            Some(Action::Down)
        );
        assert_eq!(map.action(ctx, &ch('k')), Some(Action::Up));
        assert_eq!(
            map.action(ctx, &press(KeyCode::Up, Mods::NONE)),
            Some(Action::Up)
        );
    }
    let ctrl_c = press(KeyCode::Char('c'), Mods::CTRL);
    assert_eq!(
        map.action(Context::Global, &ctrl_c),
        Some(Action::ForceQuit)
    );
    assert_eq!(map.action(Context::Global, &ch('c')), None);
    assert_eq!(map.action(Context::List, &ch('C')), Some(Action::CopyJson));
    assert_eq!(map.action(Context::List, &ch('c')), Some(Action::CloneFlow));
}

#[test]
fn key_names_parse_and_display_round_trip() {
    let cases = [
        ("j", "j"),
        ("G", "G"),
        ("?", "?"),
        (":", ":"),
        ("+", "+"),
        ("-", "-"),
        ("ctrl-c", "ctrl-c"),
        ("ctrl-C", "ctrl-c"),
        ("CTRL-c", "ctrl-c"),
        ("alt-x", "alt-x"),
        ("ctrl--", "ctrl--"),
        ("shift-tab", "S-tab"),
        ("backtab", "S-tab"),
        ("shift-g", "G"),
        ("enter", "enter"),
        ("Enter", "enter"),
        ("esc", "esc"),
        ("tab", "tab"),
        ("space", "space"),
        ("up", "↑"),
        ("down", "↓"),
        ("left", "←"),
        ("right", "→"),
        ("shift-up", "shift-↑"),
        ("pageup", "pgup"),
        ("PageDown", "pgdn"),
        ("home", "home"),
        ("end", "end"),
        ("delete", "del"),
        ("backspace", "bksp"),
        ("f1", "f1"),
        ("F12", "f12"),
    ];
    for (name, shown) in cases {
        let spec = KeySpec::parse(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(spec.display(), shown, "display of {name}");
        assert_eq!(KeySpec::parse(shown), Ok(spec), "parse back {shown}");
    }
    assert_eq!(KeySpec::parse("ctrl-C"), KeySpec::parse("ctrl-c"));
    assert_ne!(KeySpec::parse("G"), KeySpec::parse("g"));
    for bad in [
        "",
        "jj",
        "ctrl-",
        "f13",
        "f0",
        "hyper-x",
        "ctrl-ctrl-c",
        "shift-/",
    ] {
        assert!(KeySpec::parse(bad).is_err(), "{bad:?} should not parse");
    }
}

#[test]
fn shift_is_part_of_the_character() {
    let big_g = KeySpec::parse("G").unwrap();
    assert!(big_g.matches(&press(KeyCode::Char('G'), Mods::SHIFT)));
    assert!(big_g.matches(&press(KeyCode::Char('G'), Mods::NONE)));
    assert!(big_g.matches(&press(KeyCode::Char('g'), Mods::SHIFT)));
    assert!(!big_g.matches(&ch('g')));
    let small_g = KeySpec::parse("g").unwrap();
    assert!(!small_g.matches(&press(KeyCode::Char('G'), Mods::SHIFT)));

    let question = KeySpec::parse("?").unwrap();
    assert!(question.matches(&press(KeyCode::Char('?'), Mods::SHIFT)));

    let backtab = KeySpec::parse("shift-tab").unwrap();
    assert!(backtab.matches(&press(KeyCode::BackTab, Mods::SHIFT)));
    assert!(backtab.matches(&press(KeyCode::BackTab, Mods::NONE)));
    assert!(!backtab.matches(&press(KeyCode::Tab, Mods::NONE)));

    let ctrl_c = KeySpec::parse("ctrl-c").unwrap();
    assert!(ctrl_c.matches(&press(KeyCode::Char('c'), Mods::CTRL)));
    assert!(!ctrl_c.matches(&ch('c')));
    assert!(!ctrl_c.matches(&press(KeyCode::Char('c'), Mods::CTRL | Mods::ALT)));
}

#[test]
fn releases_are_ignored() {
    let mut ev = ch('j');
    ev.kind = KeyKind::Release;
    assert!(!KeySpec::parse("j").unwrap().matches(&ev));
    ev.kind = KeyKind::Repeat;
    assert!(KeySpec::parse("j").unwrap().matches(&ev));
    assert_eq!(
        Keymap::defaults().lookup(Context::List, &{
            let mut e = ch('j');
            e.kind = KeyKind::Release;
            e
        }),
        None
    );
}

#[test]
fn user_entry_replaces_one_key_and_keeps_the_rest() {
    let user = r#"
        [list]
        j = { action = "page_down", desc = "jump" }
        z = "top"
    "#;
    let (map, warnings) = Keymap::with_user(Some(user));
    assert_eq!(warnings, Vec::<String>::new());
    let j = map.lookup(Context::List, &ch('j')).unwrap();
    assert_eq!((j.action.as_str(), j.desc.as_str()), ("page_down", "jump"));
    // The replaced key keeps its place; the new key goes last.
    let defaults = Keymap::defaults();
    assert_eq!(
        map.bindings(Context::List)[0].key,
        defaults.bindings(Context::List)[0].key
    );
    let z = map.bindings(Context::List).last().unwrap();
    assert_eq!((z.action.as_str(), z.desc.as_str()), ("top", "top"));
    assert_eq!(
        map.action(Context::List, &press(KeyCode::Down, Mods::NONE)),
        Some(Action::Down)
    );
    assert_eq!(map.action(Context::List, &ch('k')), Some(Action::Up));
    assert_eq!(
        map.bindings(Context::Detail),
        defaults.bindings(Context::Detail)
    );
    assert_eq!(
        map.bindings(Context::Global),
        defaults.bindings(Context::Global)
    );
}

#[test]
fn none_unbinds_a_key() {
    let user = r#"
        [global]
        q = "none"
        [list]
        j = { action = "none" }
        "ctrl-D" = "NONE"
    "#;
    let (map, warnings) = Keymap::with_user(Some(user));
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(map.action(Context::Global, &ch('q')), None);
    assert_eq!(map.action(Context::List, &ch('j')), None);
    let ctrl_d = press(KeyCode::Char('d'), Mods::CTRL);
    assert_eq!(map.action(Context::List, &ctrl_d), None);
    assert_eq!(map.hint(Context::List, "down"), Some("↓".to_string()));
    assert_eq!(map.hint(Context::Global, "quit"), None);
}

#[test]
fn each_bad_entry_warns_and_the_rest_applies() {
    let user = r#"
        [nowhere]
        j = "down"
        [list]
        jj = { action = "down" }
        z = { action = "launch_rockets" }
        w = { desc = "no action" }
        e = 42
        i = { action = "open", dangerus = true }
        o = { action = "top", dangerous = "yes" }
        "ctrl-x" = { action = "bottom" }
        "ctrl-X" = { action = "top" }
        b = { action = "bottom", desc = "to the end" }
    "#;
    let (map, warnings) = Keymap::with_user(Some(user));
    let expect = [
        "[nowhere]",
        "[list] \"jj\": unknown key name",
        "[list] \"z\": unknown action `launch_rockets`",
        "[list] \"w\": missing `action`",
        "[list] \"e\": expected",
        "[list] \"i\": unknown field `dangerus`",
        "[list] \"o\": `dangerous` must be",
        "[list] \"ctrl-X\": `ctrl-x` is bound twice",
    ];
    assert_eq!(warnings.len(), expect.len(), "{warnings:#?}");
    for (w, e) in warnings.iter().zip(expect) {
        assert!(w.starts_with("keymap.toml"), "{w}");
        assert!(w.contains(e), "{w:?} should contain {e:?}");
    }
    assert_eq!(map.action(Context::List, &ch('b')), Some(Action::Bottom));
    assert_eq!(map.action(Context::List, &ch('i')), Some(Action::Open));
    assert_eq!(map.action(Context::List, &ch('z')), None);
    let ctrl_x = press(KeyCode::Char('x'), Mods::CTRL);
    assert_eq!(map.action(Context::List, &ctrl_x), Some(Action::Top));
    assert_eq!(map.action(Context::List, &ch('j')), Some(Action::Down));
}

#[test]
fn invalid_toml_gives_one_warning_and_the_defaults() {
    let (map, warnings) = Keymap::with_user(Some("[list]\nj = { action = \"down\"\n"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("not valid TOML at line 2"),
        "{}",
        warnings[0]
    );
    assert!(!warnings[0].contains('\n'), "status bar needs one line");
    assert_eq!(map, Keymap::defaults());

    let (_, warnings) = Keymap::with_user(Some("list = 3"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("should be a [list] table"));
}

#[test]
fn dangerous_marks_parse_and_cannot_be_dropped_by_rebinding() {
    let (map, warnings) = Keymap::with_user(Some(
        "[detail]\nz = { action = \"reveal_secrets\", dangerous = true }\nv = \"reveal_secrets\"\n",
    ));
    assert_eq!(warnings, Vec::<String>::new());
    assert!(map.is_dangerous(Context::Detail, "reveal_secrets"));
    assert!(map.lookup(Context::Detail, &ch('v')).unwrap().dangerous);
    assert!(!map.is_dangerous(Context::Detail, "search"));
    assert!(!map.is_dangerous(Context::List, "reveal_secrets"));
    let help = map.help(Context::Detail);
    let reveal = help.iter().find(|e| e.action == "reveal_secrets").unwrap();
    assert!(reveal.dangerous);
    assert_eq!(reveal.keys, ["v", "z"]);
}

#[test]
fn help_groups_keys_by_action_in_file_order() {
    let map = Keymap::defaults();
    let help = map.help(Context::List);
    let first: Vec<(&str, Vec<&str>)> = help
        .iter()
        .take(5)
        .map(|e| {
            (
                e.action.as_str(),
                e.keys.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        first,
        [
            ("down", vec!["j", "↓"]),
            ("up", vec!["k", "↑"]),
            ("page_down", vec!["ctrl-d", "pgdn"]),
            ("page_up", vec!["ctrl-u", "pgup"]),
            ("top", vec!["home"]),
        ]
    );
    assert_eq!(help[0].desc, "down");
    let open = help.iter().find(|e| e.action == "open").unwrap();
    assert_eq!(open.keys, ["enter", "l", "→"]);
    let actions: Vec<&str> = help.iter().map(|e| e.action.as_str()).collect();
    let unique: HashSet<&&str> = actions.iter().collect();
    assert_eq!(unique.len(), actions.len());
    assert_eq!(
        map.hint(Context::Global, "prev_tab"),
        Some("S-tab".to_string())
    );
    assert_eq!(map.hint(Context::Help, "cancel"), Some("esc".to_string()));
}
