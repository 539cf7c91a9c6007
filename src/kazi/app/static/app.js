// Writes a document with its text streaming in: posts the form asking for server-sent
// events and appends each "delta" as it arrives. Without this script the form posts
// normally and the server answers with the finished document.
"use strict";
function handleEvent(block, form, out, status) {
  let name = "message", data = "";
  for (const line of block.split("\n")) {
    if (line.startsWith("event: ")) name = line.slice(7);
    else if (line.startsWith("data: ")) data += line.slice(6);
  }
  const event = data ? JSON.parse(data) : {};
  if (name === "delta") out.textContent += event.text;
  else if (name === "retry") out.textContent = "";
  else if (name === "progress") status.textContent = status.dataset.writing + " " + event.characters;
  else if (name === "report") status.textContent = status.dataset.checked;
  else if (name === "done") window.location.assign("/documents/" + event.id);
  else if (name === "error") status.textContent = event.message;
}
async function stream(form) {
  const out = document.getElementById(form.dataset.stream);
  const status = document.getElementById("stream-status");
  out.textContent = "";
  out.hidden = false;
  status.textContent = status.dataset.writing;
  const answer = await fetch(form.action, {
    method: "POST", body: new FormData(form), headers: { Accept: "text/event-stream" },
  });
  if (!answer.ok || !answer.body) { status.textContent = answer.statusText; return; }
  const reader = answer.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      handleEvent(buffer.slice(0, end), form, out, status);
      buffer = buffer.slice(end + 2);
    }
  }
}
for (const form of document.querySelectorAll("form[data-stream]")) {
  form.addEventListener("submit", (event) => { event.preventDefault(); stream(form); });
}
