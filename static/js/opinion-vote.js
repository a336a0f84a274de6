// The opinion round's voting card (participation/opinion/public/_vote_card.html): with
// htmx the vote posts in place and the next statement replaces the card's content. Move
// the focus to the card, so that a screen reader announces the next statement (the card
// is a region labelled by its "Statement n of m" heading) and the keyboard continues from
// its buttons. Without JavaScript each vote is an ordinary form post.
document.addEventListener("htmx:afterSettle", function (event) {
  var card = event.detail && event.detail.target;
  if (card && card.id === "statement") {
    card.focus();
  }
});
