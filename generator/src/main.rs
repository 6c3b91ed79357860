fn main() {
    std::process::exit(dvgen::cli::main());
}
