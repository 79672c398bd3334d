//! The browser entry point: show panics on the page, then mount the app.

fn main() {
    podflow::panic_panel::install();
    leptos::mount::mount_to_body(podflow::App);
}
