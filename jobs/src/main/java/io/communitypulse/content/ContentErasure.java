package io.communitypulse.content;

import io.communitypulse.privacy.ErasedMembers;
import io.communitypulse.privacy.Erasure;
import io.communitypulse.privacy.ForgetsMembers;
import io.communitypulse.privacy.MemberReferences;
import io.communitypulse.privacy.StageState;

/**
 * What the content join forgets of a member (docs/privacy.md): the authorship of what they wrote
 * (the whole record of that content goes), and their waiting references to the content of others. A
 * later reply to their content finds no author and credits nobody.
 */
public final class ContentErasure implements ForgetsMembers<String, ContentRef, Credit> {

  private static final long serialVersionUID = 1L;

  @Override
  public ContentRef screen(ContentRef ref, ErasedMembers erased, long now) {
    if (erased.contains(ref.communityId, ref.memberId, now)) {
      return null;
    }
    if (erased.contains(ref.communityId, ref.targetMemberId, now)) {
      ContentRef cleaned = ref.copy();
      cleaned.targetMemberId = null;
      return cleaned;
    }
    return ref;
  }

  @Override
  public void forget(Erasure erasure, StageState<String, Credit> stage) throws Exception {
    String member = erasure.memberId;
    stage.forEachKey(
        ContentJoin.bookDescriptor(),
        (content, state) -> {
          if (!erasure.inCommunity(content)) {
            return;
          }
          ContentBook book = state.value();
          if (member.equals(book.authorId)) {
            state.clear();
            return;
          }
          boolean changed = book.pending.removeIf(ref -> member.equals(ref.memberId));
          for (ContentRef ref : book.pending) {
            if (member.equals(ref.targetMemberId)) {
              // A reply that named them was credited to them when it came and waits only to be a
              // first response: a target that names nobody, not null, keeps it from being credited
              // again to whoever turns out to be the author, or counted unresolved.
              ref.targetMemberId = MemberReferences.FORGOTTEN;
              changed = true;
            }
          }
          if (!book.hasAuthor() && book.pending.isEmpty()) {
            state.clear(); // only their references waited here; the timer finds nothing
          } else if (changed) {
            state.update(book);
          }
        });
  }
}
