//! What the app needs to know of the drawing to scroll: the size of the
//! detail pane's inside and of the help's. Where the panes are is the UI's
//! business (`ui::layout`); the app cannot import it, so the UI hands its
//! measure in (`ui::install`).

use super::App;

/// The inside of a pane, in cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Size {
    pub width: u16,
    pub height: u16,
}

/// The insides of the panes that scroll, on a screen of one size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Areas {
    /// The detail pane (the whole main area on narrow screens).
    pub detail: Size,
    /// The help overlay.
    pub help: Size,
}

/// The areas of the panes on a screen this wide and this tall.
pub type MeasureAreas = fn(u16, u16) -> Areas;

impl Areas {
    /// The areas when no UI is installed (tests of `update` alone): the
    /// heights are the drawn ones on every layout (a row each for the
    /// header, the search line and the footer, two for borders; the help is
    /// the screen less a row above and below it), the detail as wide as the
    /// narrow layout draws it. `ui::layout` checks that they agree.
    pub fn without_ui(width: u16, height: u16) -> Areas {
        Areas {
            detail: Size {
                width: width.saturating_sub(2),
                height: height.saturating_sub(5),
            },
            help: Size {
                width: width.min(72).saturating_sub(2),
                height: height.saturating_sub(4),
            },
        }
    }
}

impl App {
    /// The insides of the panes that scroll, as the UI draws them now.
    pub fn areas(&self) -> Areas {
        self.measure_areas.unwrap_or(Areas::without_ui)(self.width, self.height)
    }
}
