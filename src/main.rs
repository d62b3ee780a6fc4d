fn main() -> std::process::ExitCode {
    recall::cli::run(std::env::args_os())
}
