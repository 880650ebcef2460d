import {
  Id,
  VoicemailBox,
  VoicemailBoxId,
  VoicemailMessage,
  VoicemailMessageUpdate,
  VoicemailPinUpdate,
} from '@vaxel/domain';
import { z } from 'zod';
import { memberOf } from '../auth/permissions.ts';
import { OrgParams, type App } from '../http/app.ts';
import { sendBytes } from '../http/sendBytes.ts';
import type { VoicemailService } from './service.ts';

const BoxParams = OrgParams.extend({ boxId: VoicemailBoxId });
const MessageParams = BoxParams.extend({ messageId: Id });
const tags = ['voicemail'];

/**
 * R76: voicemail in the console. Every route is open to members of the organisation; the service
 * decides which boxes a member may open (own box, supervised groups' boxes, all with phone_system).
 */
export function voicemailRoutes(app: App, voicemail: VoicemailService): void {
  const config = { permission: 'member' as const };
  app.get('/orgs/:orgId/voicemail-boxes', {
    config,
    schema: {
      tags,
      summary: "The boxes the caller may open: their own, their supervised groups', every box with phone_system",
      params: OrgParams,
      response: { 200: z.array(VoicemailBox) },
    },
    handler: (req) => voicemail.listBoxes(memberOf(req)),
  });
  app.get('/orgs/:orgId/voicemail-boxes/:boxId', {
    config,
    schema: {
      tags,
      summary: 'One box: whose, how many messages, whether it has a PIN',
      params: BoxParams,
      response: { 200: VoicemailBox },
    },
    handler: (req) => voicemail.getBox(memberOf(req), req.params.boxId),
  });
  app.get('/orgs/:orgId/voicemail-boxes/:boxId/messages', {
    config,
    schema: {
      tags,
      summary: "The box's messages, newest first",
      params: BoxParams,
      response: { 200: z.array(VoicemailMessage) },
    },
    handler: (req) => voicemail.messages(memberOf(req), req.params.boxId),
  });
  app.get('/orgs/:orgId/voicemail-boxes/:boxId/messages/:messageId/audio', {
    config,
    schema: {
      tags,
      summary: 'The message as WAV (8 kHz mono; Range supported, so a player can seek)',
      params: MessageParams,
      response: { 200: { description: 'WAV', content: { 'audio/wav': { schema: z.string().describe('binary') } } } },
    },
    handler: async (req, reply) =>
      sendBytes(req, reply, await voicemail.audio(memberOf(req), req.params.boxId, req.params.messageId), 'audio/wav'),
  });
  app.patch('/orgs/:orgId/voicemail-boxes/:boxId/messages/:messageId', {
    // Listening is not a setting; deleting a message and setting a PIN are audited.
    config: { ...config, audit: { skip: 'marking a message read or new is listening, not a change of settings' } },
    schema: {
      tags,
      summary: 'Mark a message read (saved) or new',
      params: MessageParams,
      body: VoicemailMessageUpdate,
      response: { 200: VoicemailMessage },
    },
    handler: (req) => voicemail.setRead(memberOf(req), req.params.boxId, req.params.messageId, req.body.read),
  });
  app.delete('/orgs/:orgId/voicemail-boxes/:boxId/messages/:messageId', {
    config,
    schema: { tags, summary: 'Delete a message and its audio', params: MessageParams, response: { 204: z.null() } },
    handler: async (req, reply) => {
      await voicemail.delete(memberOf(req), req.params.boxId, req.params.messageId);
      return reply.code(204).send(null);
    },
  });
  app.put('/orgs/:orgId/voicemail-boxes/:boxId/pin', {
    config,
    schema: {
      tags,
      summary:
        'Set the PIN (4–8 digits) that opens the box by phone through the voicemail access; only its hash is kept',
      params: BoxParams,
      body: VoicemailPinUpdate,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await voicemail.setPin(memberOf(req), req.params.boxId, req.body.pin);
      return reply.code(204).send(null);
    },
  });
}
