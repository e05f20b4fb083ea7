/* global module */
// The activation baseline: loads and activates, and does nothing else.
module.exports = { activate() {}, deactivate() {} };
