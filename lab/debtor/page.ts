// Entry of the page script, bundled by lab/bundle.ts. Node puts the endpoint's settings in
// window.labConfig before this runs; this installs window.labPhone for Node to drive.
import { createPhone } from './phone';

window.labPhone = createPhone(window.labConfig);
