//! Reading what people type into forms.

use crate::ServiceError;

/// Trimmed text of at most `max` characters on one line; empty is none.
pub(crate) fn text(
    field: &'static str,
    value: Option<String>,
    max: usize,
) -> Result<Option<String>, ServiceError> {
    let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > max || value.chars().any(char::is_control) {
        return Err(ServiceError::invalid(
            field,
            format!("use at most {max} characters, on one line"),
        ));
    }
    Ok(Some(value))
}
