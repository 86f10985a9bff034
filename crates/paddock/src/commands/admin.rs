//! `paddock admin …`: account administration from the shell.

use paddock_services::accounts::{self, NewAccount};
use paddock_services::audit::{Actor, RequestContext};
use std::io::{BufRead, IsTerminal};

use crate::cli::CreateUserArgs;
use crate::config;
use crate::failure::Failure;

pub async fn create_user(args: CreateUserArgs) -> Result<(), Failure> {
    let settings = config::store_settings(&args.store)?;
    let password = read_password(&args)?;
    let account = NewAccount {
        email: &args.email,
        display_name: args.name.as_deref(),
        password: &password,
        role: args.role,
        workspace: args.workspace.as_deref(),
    }
    .validate()?;
    let store = super::open_store(&settings, false).await?;
    let actor = Actor::system("paddock admin create-user");
    let created =
        accounts::create_account(&store, &RequestContext::command_line(), actor, account).await;
    store.close().await;
    let email = created?;
    let scope = args.workspace.map_or("organisation-wide".to_owned(), |w| {
        format!("in workspace {w}")
    });
    println!("created {email} with role {} ({scope})", args.role);
    Ok(())
}

/// The first line of the password file or of stdin, without its line ending. At a terminal
/// the password is asked for, twice, without echo.
fn read_password(args: &CreateUserArgs) -> Result<String, Failure> {
    let text = match &args.password_file {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| Failure::environment(format!("cannot read {}: {e}", path.display())))?,
        None if std::io::stdin().is_terminal() => {
            let ask = |prompt: &str| {
                rpassword::prompt_password(prompt)
                    .map_err(|e| Failure::environment(format!("cannot read the password: {e}")))
            };
            let password = ask("Password: ")?;
            if ask("Repeat the password: ")? != password {
                return Err(Failure::environment("the two passwords differ"));
            }
            password
        }
        None => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line).map_err(|e| {
                Failure::environment(format!("cannot read the password from stdin: {e}"))
            })?;
            line
        }
    };
    let password = text.lines().next().unwrap_or_default().to_owned();
    if password.is_empty() {
        return Err(Failure::environment(
            "no password given: pipe it on stdin or use --password-file FILE",
        ));
    }
    Ok(password)
}
