fn main() {
    let p = std::env::args().nth(1);
    let r = match p {
        Some(p) => hinet::catalogue::load_path(std::path::Path::new(&p), 1 << 29),
        None => hinet::catalogue::load(&hinet::catalogue::Source::Bundled, &Default::default()),
    };
    match r {
        Ok(c) => println!("ok: {} networks, {} opportunities", c.networks.len(), c.opportunity_count()),
        Err(e) => { eprintln!("{e}"); std::process::exit(1) }
    }
}
