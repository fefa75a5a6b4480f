//! A counter: one component, one state hook, one event listener, rendered into an element.
//! What every Yew widget pays before its own code.

use wasm_bindgen::prelude::*;
use yew::prelude::*;

#[component]
fn Counter() -> Html {
    let count = use_state(|| 0);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    html! {
        <div>
            <h2>{ "Count" }</h2>
            <button {onclick}>{ *count }</button>
        </div>
    }
}

#[wasm_bindgen]
pub fn start(root: web_sys::Element) {
    yew::Renderer::<Counter>::with_root(root).render();
}
