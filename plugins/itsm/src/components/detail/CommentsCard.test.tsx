import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockItsmApi, renderCard, settled } from '../../__testUtils__/fixtures';
import { CommentsCard } from './CommentsCard';

const comment = (id: number, body: string) => ({
  id,
  author: 'user:default/sam',
  body,
  createdAt: '2026-11-24T10:10:00Z',
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
});
