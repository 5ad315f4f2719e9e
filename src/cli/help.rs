//! The help of the command line in the message language. Every text of an
//! option is written in both languages where the option is declared
//! (`help = t!(…)`, read when the command is built, after `--lang` is
//! known); what clap writes itself is replaced here: the headings (Usage,
//! Arguments, Options, Commands), the `-h`/`-V` flags, `[OPTIONS]` in the
//! usage line, and the possible and default values, written into each
//! option's text instead of clap's "[possible values: …]" and
//! "[default: …]".

use clap::builder::styling::Style;
use clap::{Arg, ArgAction, Command};

use baocao::lang::{self, Lang};
use baocao::t;

/// `command` (the whole command line, as derived) with every text clap
/// writes in the message language.
pub(super) fn localise(command: Command) -> Command {
    let command = command
        .disable_version_flag(true)
        .arg(Arg::new("version").short('V').long("version").action(ArgAction::Version).help(t!("In số phiên bản", "Print the version")));
    let command = localise_tree(command);
    match lang::current() {
        Lang::Vi => with_usage_in_words(command),
        Lang::En => command,
    }
}

/// `command` and each of its subcommands, headings and flags localised.
fn localise_tree(command: Command) -> Command {
    let heading = Style::new().bold().underline();
    let template = format!("{{before-help}}{{about-with-newline}}\n{heading}{}{heading:#} {{usage}}\n\n{{all-args}}{{after-help}}", t!("Cách dùng:", "Usage:"));
    let mut position = 0;
    command
        .help_template(template)
        .subcommand_help_heading(t!("Lệnh", "Commands"))
        .subcommand_value_name(t!("LỆNH", "COMMAND"))
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help(t!("In hướng dẫn này (--help: đầy đủ hơn)", "Print this help (--help: in full)")))
        .mut_args(move |arg| {
            // Under a heading of their own, arguments are listed by their
            // display order: the order they are given in.
            let arg = match arg.is_positional() {
                true => {
                    position += 1;
                    arg.display_order(position)
                }
                false => arg,
            };
            localise_arg(arg)
        })
        .mut_subcommands(localise_tree)
}

/// `arg` under its heading, with its possible and default values written
/// into its text in the message language.
fn localise_arg(arg: Arg) -> Arg {
    let heading = match arg.is_positional() {
        true => t!("Đối số", "Arguments"),
        false => t!("Tùy chọn", "Options"),
    };
    let arg = arg.help_heading(heading);
    let hidden = arg.is_hide_possible_values_set() && arg.is_hide_default_value_set();
    if hidden || !arg.get_action().takes_values() {
        return arg;
    }
    let values = arg.get_possible_values().into_iter().filter(|v| !v.is_hide_set()).collect::<Vec<_>>();
    let default = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect::<Vec<_>>();
    let text = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let mut short = text.clone();
    let mut long = text;
    if !values.is_empty() {
        let names = values.iter().map(|v| v.get_name()).collect::<Vec<_>>().join(", ");
        short.push_str(&format!(" [{}: {names}]", t!("giá trị", "values")));
        long.push_str(&format!("\n\n{}", t!("Các giá trị:", "Values:")));
        for value in &values {
            let help = value.get_help().map(|h| format!(": {h}")).unwrap_or_default();
            long.push_str(&format!("\n- {}{help}", value.get_name()));
        }
    }
    if !default.is_empty() {
        let shown = format!("[{}: {}]", t!("mặc định", "default"), default.join(", "));
        short.push_str(&format!(" {shown}"));
        long.push_str(&format!("{}{shown}", if values.is_empty() { " " } else { "\n" }));
    }
    let arg = arg.hide_possible_values(true).hide_default_value(true).help(short.clone());
    match long == short {
        true => arg,
        false => arg.long_help(long),
    }
}

/// `command` with `[OPTIONS]` of each usage line in words ("[TÙY CHỌN]"):
/// clap writes it in English, so each usage line clap makes is taken and
/// set again, translated.
fn with_usage_in_words(command: Command) -> Command {
    let mut built = command.clone();
    built.build();
    set_usage(command, &built)
}

fn set_usage(command: Command, built: &Command) -> Command {
    let usage = built.clone().render_usage().to_string();
    let usage = usage.split_once(' ').map_or(usage.as_str(), |(_, rest)| rest).trim().replace("[OPTIONS]", "[TÙY CHỌN]");
    command.override_usage(usage).mut_subcommands(|sub| match built.find_subcommand(sub.get_name()) {
        Some(built_sub) => set_usage(sub, built_sub),
        None => sub,
    })
}
