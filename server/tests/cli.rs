//! The server's command line, run as the built binary: help for every subcommand, and clear
//! refusals (non-zero exit, the offending argument named) for mistakes. None of these reach
//! the database: the arguments are checked before the configuration is read.

use std::process::{Command, Output};

/// Runs the server binary with `args`, pointed at an in-memory database so that a
/// regression (arguments accepted after all) cannot touch a real one.
fn server(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("DATABASE_URL", "sqlite::memory:")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .output()
        .expect("the server binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_the_subcommands_and_succeeds() {
    let output = server(&["--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = stdout(&output);
    for command in ["serve", "generate", "create-admin"] {
        assert!(help.contains(command), "{command} missing from:\n{help}");
    }
    assert!(!help.contains("rebuild-index"), "{help}");
    assert!(help.contains("DATABASE_URL"), "{help}");
}

#[test]
fn generate_help_names_its_options() {
    let output = server(&["generate", "--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = stdout(&output);
    assert!(help.contains("--activities <N>"), "{help}");
    assert!(help.contains("--seed <S>"), "{help}");
}

#[test]
fn create_admin_help_says_where_the_password_comes_from() {
    let output = server(&["create-admin", "--help"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let help = stdout(&output);
    assert!(help.contains("--email <ADDRESS>"), "{help}");
    assert!(help.contains("stdin"), "{help}");
}

#[test]
fn a_count_that_is_not_a_number_is_refused_naming_the_argument() {
    let output = server(&["generate", "--activities", "abc"]);
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("--activities"), "{message}");
    assert!(message.contains("abc"), "{message}");
}

#[test]
fn generate_without_a_count_is_refused() {
    let output = server(&["generate"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--activities"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_subcommand_is_refused() {
    let output = server(&["frobnicate"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("frobnicate"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_removed_rebuild_index_subcommand_is_refused() {
    let output = server(&["rebuild-index"]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("rebuild-index"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn create_admin_takes_no_password_on_the_command_line() {
    let output = server(&[
        "create-admin",
        "--email",
        "a@example.org",
        "--password",
        "x",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("--password"),
        "{}",
        stderr(&output)
    );
}
