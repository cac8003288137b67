//! What the wizard adds to the shared form: a field marked wrong by a rule the form does
//! not know (a schedule, a dataset that does not fit), and one form's fields after
//! another's (a connection's name before its auth params).

use crate::shared::form::Form;

/// Marks `key` wrong with `why` and focuses it.
pub fn set_error(form: &mut Form, key: &str, why: &str) {
    if let Some(i) = form.fields.iter().position(|f| f.key == key) {
        form.fields[i].error = Some(why.to_string());
        form.fields[i].touched = true;
        form.focus = i;
    }
}

/// `form` with the fields of `more` after its own.
pub fn append(mut form: Form, more: Form) -> Form {
    form.fields.extend(more.fields);
    form
}
