import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/problem.ts';
import { renderWithProviders } from '../../testing/renderWithProviders.tsx';
import { ErrorAlert } from './ErrorAlert.tsx';

describe('ErrorAlert', () => {
  it('lists every place that uses a thing the server refused to delete', () => {
    const error = new ApiError({
      title: 'Conflict',
      status: 409,
      code: 'in_use',
      detail: 'Audio file "Welcome" is in use',
      usages: [
        { type: 'ivrMenu', id: 'm1', name: 'Main IVR', field: 'prompts[0]' },
        { type: 'responseGroup', id: 'g1', name: 'Customer Care', field: 'settings.queue.musicOnHoldAudioFileId' },
      ],
    });
    renderWithProviders(<ErrorAlert error={error} />);
    const list = screen.getByRole('list', { name: 'It is used by:' });
    expect(list).toHaveTextContent('IVR menu “Main IVR” (prompts[0])');
    expect(list).toHaveTextContent('Response group “Customer Care” (settings.queue.musicOnHoldAudioFileId)');
    expect(screen.getByRole('alert')).toHaveAttribute('data-problem-code', 'in_use');
  });

  it('lists field errors that no field on the form shows, and leaves out those that one does', () => {
    const error = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      detail: 'name: required; owner: unknown',
      errors: [
        { path: 'name', message: 'required' },
        { path: 'owner', message: 'unknown' },
      ],
    });
    renderWithProviders(<ErrorAlert error={error} shownPaths={['name']} />);
    expect(screen.getByText('owner')).toBeInTheDocument();
    expect(screen.queryByText('name')).not.toBeInTheDocument();
  });

  it('says to check the marked fields when every field error is shown beside its field', () => {
    const error = new ApiError({
      title: 'Bad Request',
      status: 400,
      code: 'validation_failed',
      detail: 'numericId: must be 1 to 4 digits',
      errors: [{ path: 'numericId', message: 'must be 1 to 4 digits' }],
    });
    renderWithProviders(<ErrorAlert error={error} shownPaths={['numericId']} />);
    expect(screen.getByText('Check the fields marked above.')).toBeInTheDocument();
    expect(screen.queryByText(/must be 1 to 4 digits/)).not.toBeInTheDocument();
  });

  it('explains how to buy more when the package allowance is used up', () => {
    renderWithProviders(
      <ErrorAlert
        error={
          new ApiError({
            title: 'Conflict',
            status: 409,
            code: 'quota_exceeded',
            detail: 'Your package includes 2 response groups',
          })
        }
      />,
    );
    expect(screen.getByText('Your package allowance is used up. Buy more below and try again.')).toBeInTheDocument();
  });

  it('shows nothing when there is no error', () => {
    renderWithProviders(<ErrorAlert error={null} />);
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });
});
