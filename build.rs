//! Generates typed Dataverse tables from `docs-input/` into `$OUT_DIR/dvgen/`
//! with `dvgen::Builder`: the build-script path users copy.

fn main() {
    if let Err(e) = dvgen::Builder::new()
        .input("docs-input")
        .generate_to_out_dir()
    {
        eprintln!("dvgen: {e}");
        std::process::exit(1);
    }
}
