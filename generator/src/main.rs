/// See the `mimalloc` feature in `Cargo.toml`: glibc's allocator fragments
/// under the emitter's allocation pattern and slows large runs down.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(dvgen::cli::main());
}
