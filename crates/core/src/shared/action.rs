//! User intents. Keys become actions through the keymap; `update` turns actions into state
//! changes and effects. Only actions named here can be bound in `keymap.toml`.

use crate::shared::nav::Tab;

/// Where a key is looked up, in routing order: the open overlay first, then the focused
/// pane, then `global`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    List,
    Detail,
    /// A graph pane: a flow, what uses an object, the sandbox overview.
    Graph,
    Help,
    Input,
    Confirm,
    /// The JSON editor's text: keys it does not bind are typed.
    Editor,
    /// A form of several fields (the trigger form): keys it does not bind are typed.
    Form,
    /// Landing-zone panes (zones, credentials, explore, storage, previews, transfers),
    /// asked before the list or detail keys.
    Dlz,
    /// Customer Profiles and AppFlow lists, asked before the list keys.
    Aws,
    /// The recent-failures list, asked before the list keys.
    Failures,
    /// The transfers pane (`J`), asked before the landing zone's keys: `R` resumes there
    /// where it retries elsewhere.
    Transfers,
}

impl Context {
    pub const ALL: [Context; 13] = [
        Context::Global,
        Context::List,
        Context::Detail,
        Context::Graph,
        Context::Help,
        Context::Input,
        Context::Confirm,
        Context::Editor,
        Context::Form,
        Context::Dlz,
        Context::Aws,
        Context::Failures,
        Context::Transfers,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::List => "list",
            Context::Detail => "detail",
            Context::Graph => "graph",
            Context::Help => "help",
            Context::Input => "input",
            Context::Confirm => "confirm",
            Context::Editor => "editor",
            Context::Form => "form",
            Context::Dlz => "dlz",
            Context::Aws => "aws",
            Context::Failures => "failures",
            Context::Transfers => "transfers",
        }
    }

    pub fn parse(s: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == s)
    }
}

/// Things a user can ask for. The bindable ones have a keymap name (see [`Action::NAMES`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Quit,
    ForceQuit,
    Help,
    CommandLine,
    NextTab,
    PrevTab,
    GoTab(Tab),
    Back,
    Refresh,
    ToggleAutoRefresh,
    SwitchSandbox,
    CycleTheme,
    Retry,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Left,
    Right,
    Open,
    Describe,
    Filter,
    ServerFilter,
    SortNext,
    SortReverse,
    CopyId,
    CopyName,
    CopyJson,
    CopyJsonWithSecrets,
    Toggle,
    ExpandAll,
    CollapseAll,
    Search,
    SearchNext,
    SearchPrev,
    RevealSecrets,
    RelatedSource,
    RelatedTarget,
    RelatedSpec,
    RelatedRuns,
    RelatedFlow,
    /// The flow graph of the flow in view or selected.
    Graph,
    /// The flows that use the object in view or selected.
    Uses,
    /// The flows that read or write the dataset of the target in view or selected.
    UsesDataset,
    /// The sandbox's lineage overview.
    Overview,
    /// Edit the flow or connection in view or selected, inline; or in `$EDITOR`.
    Edit,
    EditExternal,
    /// In the editor: switch between patch and document mode.
    EditMode,
    Undo,
    Redo,
    /// In the editor: copy the selection (or the whole text) to the clipboard.
    CopyText,
    /// In the editor: paste from the system clipboard.
    PasteClipboard,
    SelectAll,
    /// Give up an edit and forget its draft.
    Discard,
    /// Trigger a run of the flow in focus (a form, then a question).
    TriggerRun,
    /// Enable or disable the flow in focus (after a question).
    ToggleFlow,
    /// The Runs pane's status filter: the next status.
    StatusFilter,
    /// The Runs pane's time window: the next preset.
    WindowFilter,
    /// The run history chart of the flow in focus.
    History,
    /// The runs in progress across the sandbox.
    Live,
    /// Open the landing-zone container straight from storage (sizes, TTL, transfers).
    BrowseStorage,
    /// The credentials of the zone in view.
    Credentials,
    /// New credentials for the zone in view (after a question).
    RefreshCredentials,
    /// Preview the landing-zone file selected.
    Preview,
    Download,
    Upload,
    /// Delete the file selected, or cancel the transfer selected; elsewhere, delete the
    /// flow or connection in focus (what uses it shown first).
    Remove,
    /// The wizard for a new dataflow into the Data Lake.
    NewDataflow,
    /// The wizard for a dataset export to the landing zone.
    NewExport,
    /// A copy of the flow in focus, in the wizard.
    CloneFlow,
    /// A new Customer Profiles integration workflow, from a template.
    NewWorkflow,
    /// A Customer Profiles domain's integrations (which AppFlow flow feeds which type).
    Integrations,
    /// A Customer Profiles domain's object types.
    ObjectTypes,
    /// The flows whose source reads the landing-zone file or folder in focus.
    ReadingFlows,
    /// The downloads and uploads pane.
    Transfers,
    /// Marks or unmarks the selected row and moves down (`space`).
    ToggleMark,
    /// Marks every row the filter shows; unmarks them when all are marked (`ctrl-a`).
    MarkAll,
    /// Clears the marks when there are any; else goes back (`esc` over a list).
    ClearMarks,
    /// The runs the sandbox watch saw fail (`!`).
    Failures,
    /// The terminal gained (true) or lost focus: the watch pauses in the background.
    Focus(bool),
    /// Go on with the transfer in focus from where it stopped (its plan on disk).
    ResumeTransfer,
    /// Text pasted into the terminal (bracketed paste).
    Paste(String),
    /// Text input overlays (filter, command line): accept, cancel, complete.
    Submit,
    Cancel,
    Complete,
    Confirm,
    /// A `:` command typed in full (`:flows`, `:sandbox dev`), already parsed.
    Command(crate::shared::command::Command),
    /// A mouse click or wheel, in screen cells.
    Click {
        column: u16,
        row: u16,
    },
    /// A key typed into a text box (filter, command line, search).
    Key(crate::shared::key::Key),
    ScrollUp,
    ScrollDown,
    Resize {
        width: u16,
        height: u16,
    },
}

impl Action {
    /// Keymap names of the bindable actions.
    pub const NAMES: &'static [&'static str] = &[
        "quit",
        "force_quit",
        "help",
        "command",
        "next_tab",
        "prev_tab",
        "tab_connections",
        "tab_flows",
        "tab_runs",
        "tab_specs",
        "tab_landing_zone",
        "tab_workflows",
        "tab_appflow",
        "tab_connectors",
        "new_workflow",
        "integrations",
        "object_types",
        "back",
        "refresh",
        "auto_refresh",
        "sandbox",
        "theme",
        "retry",
        "up",
        "down",
        "page_up",
        "page_down",
        "top",
        "bottom",
        "left",
        "right",
        "open",
        "describe",
        "filter",
        "server_filter",
        "sort_next",
        "sort_reverse",
        "copy_id",
        "copy_name",
        "copy_json",
        "copy_json_secrets",
        "toggle",
        "expand_all",
        "collapse_all",
        "search",
        "search_next",
        "search_prev",
        "reveal_secrets",
        "related_source",
        "related_target",
        "related_spec",
        "related_runs",
        "related_flow",
        "graph",
        "uses",
        "uses_dataset",
        "overview",
        "edit",
        "edit_external",
        "edit_mode",
        "undo",
        "redo",
        "copy_text",
        "paste",
        "select_all",
        "discard",
        "trigger_run",
        "toggle_flow",
        "status_filter",
        "window_filter",
        "history",
        "live",
        "browse_storage",
        "credentials",
        "refresh_credentials",
        "preview",
        "download",
        "upload",
        "remove",
        "new_dataflow",
        "new_export",
        "clone_flow",
        "reading_flows",
        "transfers",
        "toggle_mark",
        "mark_all",
        "clear_marks",
        "failures",
        "resume_transfer",
        "submit",
        "cancel",
        "complete",
        "confirm",
    ];

    pub fn from_name(name: &str) -> Option<Action> {
        Some(match name {
            "quit" => Action::Quit,
            "force_quit" => Action::ForceQuit,
            "help" => Action::Help,
            "command" => Action::CommandLine,
            "next_tab" => Action::NextTab,
            "prev_tab" => Action::PrevTab,
            "tab_connections" => Action::GoTab(Tab::Connections),
            "tab_flows" => Action::GoTab(Tab::Flows),
            "tab_runs" => Action::GoTab(Tab::Runs),
            "tab_specs" => Action::GoTab(Tab::Specs),
            "tab_landing_zone" => Action::GoTab(Tab::LandingZone),
            "tab_workflows" => Action::GoTab(Tab::Workflows),
            "tab_appflow" => Action::GoTab(Tab::AppFlow),
            "tab_connectors" => Action::GoTab(Tab::Connectors),
            "new_workflow" => Action::NewWorkflow,
            "integrations" => Action::Integrations,
            "object_types" => Action::ObjectTypes,
            "back" => Action::Back,
            "refresh" => Action::Refresh,
            "auto_refresh" => Action::ToggleAutoRefresh,
            "sandbox" => Action::SwitchSandbox,
            "theme" => Action::CycleTheme,
            "retry" => Action::Retry,
            "up" => Action::Up,
            "down" => Action::Down,
            "page_up" => Action::PageUp,
            "page_down" => Action::PageDown,
            "top" => Action::Top,
            "bottom" => Action::Bottom,
            "left" => Action::Left,
            "right" => Action::Right,
            "open" => Action::Open,
            "describe" => Action::Describe,
            "filter" => Action::Filter,
            "server_filter" => Action::ServerFilter,
            "sort_next" => Action::SortNext,
            "sort_reverse" => Action::SortReverse,
            "copy_id" => Action::CopyId,
            "copy_name" => Action::CopyName,
            "copy_json" => Action::CopyJson,
            "copy_json_secrets" => Action::CopyJsonWithSecrets,
            "toggle" => Action::Toggle,
            "expand_all" => Action::ExpandAll,
            "collapse_all" => Action::CollapseAll,
            "search" => Action::Search,
            "search_next" => Action::SearchNext,
            "search_prev" => Action::SearchPrev,
            "reveal_secrets" => Action::RevealSecrets,
            "related_source" => Action::RelatedSource,
            "related_target" => Action::RelatedTarget,
            "related_spec" => Action::RelatedSpec,
            "related_runs" => Action::RelatedRuns,
            "related_flow" => Action::RelatedFlow,
            "graph" => Action::Graph,
            "uses" => Action::Uses,
            "uses_dataset" => Action::UsesDataset,
            "overview" => Action::Overview,
            "edit" => Action::Edit,
            "edit_external" => Action::EditExternal,
            "edit_mode" => Action::EditMode,
            "undo" => Action::Undo,
            "redo" => Action::Redo,
            "copy_text" => Action::CopyText,
            "paste" => Action::PasteClipboard,
            "select_all" => Action::SelectAll,
            "discard" => Action::Discard,
            "trigger_run" => Action::TriggerRun,
            "toggle_flow" => Action::ToggleFlow,
            "status_filter" => Action::StatusFilter,
            "window_filter" => Action::WindowFilter,
            "history" => Action::History,
            "live" => Action::Live,
            "browse_storage" => Action::BrowseStorage,
            "credentials" => Action::Credentials,
            "refresh_credentials" => Action::RefreshCredentials,
            "preview" => Action::Preview,
            "download" => Action::Download,
            "upload" => Action::Upload,
            "remove" => Action::Remove,
            "new_dataflow" => Action::NewDataflow,
            "new_export" => Action::NewExport,
            "clone_flow" => Action::CloneFlow,
            "reading_flows" => Action::ReadingFlows,
            "transfers" => Action::Transfers,
            "toggle_mark" => Action::ToggleMark,
            "mark_all" => Action::MarkAll,
            "clear_marks" => Action::ClearMarks,
            "failures" => Action::Failures,
            "resume_transfer" => Action::ResumeTransfer,
            "submit" => Action::Submit,
            "cancel" => Action::Cancel,
            "complete" => Action::Complete,
            "confirm" => Action::Confirm,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::shared::action::*;

    #[test]
    fn every_name_parses_and_names_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for n in Action::NAMES {
            assert!(Action::from_name(n).is_some(), "{n}");
            assert!(seen.insert(n), "{n} twice");
        }
        assert_eq!(Action::from_name("launch_rockets"), None);
    }
}
