/**
 * Adds a venue account: venue, label, environment (custom base URLs per
 * role), markets and the venue's credential fields. Secret fields are
 * password inputs; after a successful add every credential input is wiped,
 * and nothing the trader typed is ever shown back.
 */
import { type FormEvent, useId, useState } from 'react';
import type { ConnectionTestResult, SettingFieldInfo, VenueId, VenueSetup } from '../../preload/contract.ts';
import { useServices } from '../book/context.ts';
import {
  type AccountForm,
  ENVIRONMENT_LABELS,
  emptyForm,
  environments,
  type FormErrors,
  toDraft,
  validateForm,
  withoutCredentials,
} from './form.ts';
import { TestResult } from './TestResult.tsx';

interface Props {
  venues: VenueSetup[];
  /** Saving is impossible (keychain unavailable, settings read-only); testing a draft still works. */
  disabled: boolean;
  /** Called after an account was added (refresh the list). */
  onAdded(label: string): void;
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id}>
      {message}
    </span>
  );
}

export function AddAccountForm({ venues, disabled, onAdded }: Props) {
  const { api } = useServices();
  const uid = useId();
  const first = venues[0];
  const [form, setForm] = useState<AccountForm | null>(first ? emptyForm(first) : null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [busy, setBusy] = useState<'test' | 'add' | null>(null);
  const [test, setTest] = useState<ConnectionTestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (!form) return <p>No venue is available in this build.</p>;
  const venue = venues.find((each) => each.venue === form.venue) ?? first;
  if (!venue) return null;

  const update = (patch: Partial<AccountForm>) => {
    setForm({ ...form, ...patch });
    setTest(null);
    setFailure(null);
  };
  const setVenue = (id: VenueId) => {
    const next = venues.find((each) => each.venue === id);
    if (!next) return;
    setForm({ ...emptyForm(next), label: form.label });
    setErrors({});
    setTest(null);
    setFailure(null);
  };
  const check = (): boolean => {
    const found = validateForm(form, venue);
    setErrors(found);
    const firstError = Object.keys(found)[0];
    if (firstError) document.getElementById(`${uid}-${firstError}`)?.focus();
    return !firstError;
  };

  const onTest = async () => {
    if (!check()) return;
    setBusy('test');
    setFailure(null);
    setTest(null);
    const result = await api.accounts.test({ draft: toDraft(form) });
    setBusy(null);
    if (result.ok) setTest(result.value);
    else setFailure(result.error.message);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy || !check()) return;
    setBusy('add');
    setFailure(null);
    const result = await api.accounts.add(toDraft(form));
    setBusy(null);
    if (!result.ok) {
      setFailure(result.error.message);
      return;
    }
    setForm(withoutCredentials({ ...form, label: '' }));
    setTest(null);
    onAdded(result.value.label);
  };

  const fieldProps = (name: string): FieldProps => ({
    id: `${uid}-${name}`,
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `${uid}-${name}-error` : undefined,
  });

  return (
    <form className="account-form" aria-labelledby={`${uid}-title`} onSubmit={onSubmit} noValidate>
      <h3 id={`${uid}-title`}>Add an account</h3>
      <div className="form-grid">
        <label htmlFor={`${uid}-venue`}>Venue</label>
        <select
          id={`${uid}-venue`}
          data-testid="account-venue"
          value={form.venue}
          onChange={(event) => setVenue(event.target.value as VenueId)}
        >
          {venues.map((each) => (
            <option key={each.venue} value={each.venue}>
              {each.label}
            </option>
          ))}
        </select>

        <label htmlFor={`${uid}-label`}>Label</label>
        <span className="field">
          <input
            {...fieldProps('label')}
            data-testid="account-label"
            type="text"
            autoComplete="off"
            maxLength={80}
            placeholder="e.g. Main desk"
            value={form.label}
            onChange={(event) => update({ label: event.target.value })}
          />
          <FieldError id={`${uid}-label-error`} message={errors.label} />
        </span>

        <label htmlFor={`${uid}-environment`}>Environment</label>
        <select
          id={`${uid}-environment`}
          data-testid="account-environment"
          value={form.environment}
          onChange={(event) => update({ environment: event.target.value as AccountForm['environment'] })}
        >
          {environments(venue).map((environment) => (
            <option key={environment} value={environment}>
              {ENVIRONMENT_LABELS[environment]}
            </option>
          ))}
        </select>

        {form.environment === 'custom'
          ? Object.entries(venue.defaultUrls).map(([role, production]) => (
              <UrlField
                key={role}
                role={role}
                production={production}
                value={form.urls[role] ?? ''}
                error={errors[`url.${role}`]}
                props={fieldProps(`url.${role}`)}
                errorId={`${uid}-url.${role}-error`}
                onChange={(value) => update({ urls: { ...form.urls, [role]: value } })}
              />
            ))
          : null}

        <label htmlFor={`${uid}-markets`}>Markets</label>
        <span className="field">
          <input
            id={`${uid}-markets`}
            data-testid="account-markets"
            type="text"
            autoComplete="off"
            placeholder="optional, e.g. ETH-USD BTC-USD (empty: all)"
            value={form.markets}
            onChange={(event) => update({ markets: event.target.value })}
          />
        </span>

        {venue.settingFields.map((field) => (
          <SettingSelect
            key={`${venue.venue}-${field.name}`}
            field={field}
            id={`${uid}-setting-${field.name}`}
            value={form.settings[field.name] ?? field.defaultValue}
            onChange={(value) => update({ settings: { ...form.settings, [field.name]: value } })}
          />
        ))}

        {venue.credentialFields.map((field) => (
          <CredentialInput
            key={`${venue.venue}-${field.name}`}
            label={field.label}
            name={field.name}
            secret={field.secret}
            optional={field.optional === true}
            help={field.help}
            value={form.credentials[field.name] ?? ''}
            error={errors[`credential.${field.name}`]}
            props={fieldProps(`credential.${field.name}`)}
            errorId={`${uid}-credential.${field.name}-error`}
            onChange={(value) => update({ credentials: { ...form.credentials, [field.name]: value } })}
          />
        ))}
      </div>
      <p className="form-note">
        Keys go to the OS keychain and are never shown again; only the last 4 characters of the key id are
        kept as a hint.
      </p>
      <div className="form-actions">
        <button
          type="button"
          className="action"
          data-testid="account-test"
          disabled={busy !== null}
          onClick={onTest}
        >
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button
          type="submit"
          className="action primary"
          data-testid="account-add"
          disabled={disabled || busy !== null}
        >
          {busy === 'add' ? 'Adding…' : 'Add account'}
        </button>
      </div>
      {test ? <TestResult result={test} testId="account-test-result" /> : null}
      {failure ? (
        <p className="form-failure" role="alert" data-testid="account-form-error">
          {failure}
        </p>
      ) : null}
    </form>
  );
}

interface FieldProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

function UrlField(props: {
  role: string;
  production: string;
  value: string;
  error: string | undefined;
  props: FieldProps;
  errorId: string;
  onChange(value: string): void;
}) {
  return (
    <>
      <label htmlFor={props.props.id}>{props.role} URL</label>
      <span className="field">
        <input
          {...props.props}
          data-testid={`account-url-${props.role}`}
          type="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={props.production}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
        <FieldError id={props.errorId} message={props.error} />
      </span>
    </>
  );
}

function SettingSelect(props: {
  field: SettingFieldInfo;
  id: string;
  value: string;
  onChange(value: string): void;
}) {
  const helpId = `${props.id}-help`;
  return (
    <>
      <label htmlFor={props.id}>{props.field.label}</label>
      <span className="field">
        <select
          id={props.id}
          data-testid={`account-setting-${props.field.name}`}
          value={props.value}
          aria-describedby={props.field.help ? helpId : undefined}
          onChange={(event) => props.onChange(event.target.value)}
        >
          {props.field.choices.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        {props.field.help ? (
          <span className="field-help" id={helpId}>
            {props.field.help}
          </span>
        ) : null}
      </span>
    </>
  );
}

function CredentialInput(props: {
  label: string;
  name: string;
  secret: boolean;
  optional: boolean;
  help: string | undefined;
  value: string;
  error: string | undefined;
  props: FieldProps;
  errorId: string;
  onChange(value: string): void;
}) {
  return (
    <>
      <label htmlFor={props.props.id}>
        {props.label}
        {props.secret ? <span className="secret-mark"> (secret)</span> : null}
        {props.optional ? <span className="secret-mark"> (optional)</span> : null}
      </label>
      <span className="field">
        <input
          {...props.props}
          data-testid={`account-credential-${props.name}`}
          type={props.secret ? 'password' : 'text'}
          // Not a site login: no browser password manager, no autofill, no spell checking of keys.
          autoComplete={props.secret ? 'new-password' : 'off'}
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
        />
        {props.help ? <span className="field-help">{props.help}</span> : null}
        <FieldError id={props.errorId} message={props.error} />
      </span>
    </>
  );
}
