import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockItsmApi, renderCard, settled } from '../../__testUtils__/fixtures';
import { recordRoles } from '../../__testUtils__/roles';
import { CommentsCard } from './CommentsCard';

const comment = (
  id: number,
  body: string,
  visibility: 'public' | 'internal' = 'public',
) => ({
  id,
  author: 'user:default/sam',
  body,
  createdAt: '2026-11-24T10:10:00Z',
  visibility,
});

describe('CommentsCard', () => {
  it('renders the comments as markdown, with their author', async () => {
    const api = mockItsmApi({
      listComments: jest.fn().mockResolvedValue({
        items: [comment(1, 'Looking at **the logs**')],
        totalCount: 1,
      }),
    });
    await renderCard(<CommentsCard type="incidents" recordKey="INC-12" />, api);

    expect(api.listComments).toHaveBeenCalledWith('incidents', 'INC-12', {
      limit: 50,
    });
    expect(screen.getByText('Comments (1)')).toBeInTheDocument();
    expect(screen.getByText('the logs').tagName).toBe('STRONG');
    expect(screen.getByRole('link', { name: 'sam' })).toBeInTheDocument();
  });

  it('adds a comment, refuses an empty one and reads the comments again', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      addComment: jest.fn().mockResolvedValue(comment(2, 'Fixed in *v2*')),
    });
    await renderCard(<CommentsCard type="incidents" recordKey="INC-12" />, api);
    expect(screen.getByText('No comments yet.')).toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Add comment' })),
    );
    expect(screen.getByText('Comment is required')).toBeInTheDocument();
    expect(api.addComment).not.toHaveBeenCalled();

    await settled(() =>
      user.type(
        screen.getByRole('textbox', { name: 'Comment (Markdown)' }),
        'Fixed in *v2*',
      ),
    );
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Add comment' })),
    );
    expect(api.addComment).toHaveBeenCalledWith('incidents', 'INC-12', {
      body: 'Fixed in *v2*',
    });
    expect(api.listComments).toHaveBeenCalledTimes(2);
    expect(
      screen.getByRole('textbox', { name: 'Comment (Markdown)' }),
    ).toHaveValue('');
  });

  it('loads more comments a page at a time', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      listComments: jest
        .fn()
        .mockResolvedValueOnce({
          items: [comment(1, 'First')],
          totalCount: 2,
          nextCursor: 'c1',
        })
        .mockResolvedValueOnce({
          items: [comment(2, 'Second')],
          totalCount: 2,
        }),
    });
    await renderCard(<CommentsCard type="changes" recordKey="CHG-7" />, api);
    expect(screen.queryByText('Second')).not.toBeInTheDocument();

    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Show more comments' })),
    );
    expect(api.listComments).toHaveBeenLastCalledWith('changes', 'CHG-7', {
      limit: 50,
      cursor: 'c1',
    });
    expect(screen.getByText('First')).toBeInTheDocument();
    expect(screen.getByText('Second')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Show more comments' }),
    ).not.toBeInTheDocument();
  });

  it('marks internal notes apart, with words a screen reader says', async () => {
    const api = mockItsmApi({
      listComments: jest.fn().mockResolvedValue({
        items: [
          comment(1, 'We are on it'),
          comment(2, 'Root cause: expired cert', 'internal'),
        ],
        totalCount: 2,
      }),
    });
    await renderCard(<CommentsCard type="incidents" recordKey="INC-12" />, api);
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).not.toHaveTextContent('Internal note');
    expect(items[1]).toHaveTextContent(
      'Internal note · not shown to the requester',
    );
  });

  it('offers an internal note to whoever works the record', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getRecordRoles: jest.fn(async (_t, key: string) =>
        recordRoles(key, ['requester', 'assignee']),
      ),
      addComment: jest.fn().mockResolvedValue(comment(3, 'n', 'internal')),
    });
    await renderCard(<CommentsCard type="incidents" recordKey="INC-12" />, api);
    const publicReply = screen.getByRole('radio', {
      name: 'Reply to requester (public)',
    });
    expect(publicReply).toBeChecked();
    await settled(() =>
      user.click(screen.getByRole('radio', { name: 'Internal note' })),
    );
    await settled(() =>
      user.type(
        screen.getByRole('textbox', { name: 'Internal note (Markdown)' }),
        'Restarted the pool',
      ),
    );
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Add internal note' })),
    );
    expect(api.addComment).toHaveBeenCalledWith('incidents', 'INC-12', {
      body: 'Restarted the pool',
      visibility: 'internal',
    });
  });

  it('offers the requester a public comment only, and says who writes internal notes', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockItsmApi({
      getRecordRoles: jest.fn(async (_t, key: string) =>
        recordRoles(key, ['requester']),
      ),
      addComment: jest.fn().mockResolvedValue(comment(4, 'x')),
    });
    await renderCard(<CommentsCard type="incidents" recordKey="INC-12" />, api);
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        /^Internal notes are written by those who work INC-12: the /,
      ),
    ).toHaveTextContent(/assignee \(group:default\/[a-z-]+\)/);
    await settled(() =>
      user.type(
        screen.getByRole('textbox', { name: 'Comment (Markdown)' }),
        'Thanks',
      ),
    );
    await settled(() =>
      user.click(screen.getByRole('button', { name: 'Add comment' })),
    );
    expect(api.addComment).toHaveBeenCalledWith('incidents', 'INC-12', {
      body: 'Thanks',
    });
  });
});
