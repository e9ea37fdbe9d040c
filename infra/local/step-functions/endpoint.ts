// The Step Functions API on localhost: the AWS JSON 1.0 protocol that @aws-sdk/client-sfn and the
// AWS CLI speak, so both work unchanged when pointed at it with an endpoint URL.
import { createServer, type Server } from 'node:http';
import { readBody } from '../http-api.ts';
import { PAYLOAD_LIMIT_BYTES, StepFunctionsApiError, type LocalStepFunctions } from './engine.ts';

type Operation = (engine: LocalStepFunctions, request: any) => unknown;

// A Map: the operation is named by the request, and must never be one of Object.prototype's.
const operations = new Map<string, Operation>([
  ['ListStateMachines', (engine) => ({ stateMachines: engine.listStateMachines() })],
  ['DescribeStateMachine', (engine, request) => engine.describeStateMachine(request.stateMachineArn)],
  ['StartExecution', (engine, request) => engine.startExecution(request)],
  ['DescribeExecution', (engine, request) => engine.describeExecution(request.executionArn)],
  ['ListExecutions', (engine, request) => engine.listExecutions(request)],
  ['StopExecution', (engine, request) => engine.stopExecution(request)],
  ['SendTaskSuccess', (engine, request) => engine.sendTaskSuccess(request)],
  ['SendTaskFailure', (engine, request) => engine.sendTaskFailure(request)],
  ['SendTaskHeartbeat', (engine, request) => engine.sendTaskHeartbeat(request)],
]);

/** Room for a payload at the limit, escaped inside the request's JSON, and the rest of the request. */
const MAX_REQUEST_BYTES = 4 * PAYLOAD_LIMIT_BYTES;

export function stepFunctionsEndpoint(engine: LocalStepFunctions): Server {
  return createServer(async (request, response) => {
    const text = await readBody(request, MAX_REQUEST_BYTES);
    const target = String(request.headers['x-amz-target'] ?? '');
    const operation = operations.get(target.replace(/^AWSStepFunctions\./, ''));
    let status = 200;
    let body: unknown;
    try {
      if (request.method !== 'POST' || !operation) {
        throw new StepFunctionsApiError('UnknownOperationException', `Unknown operation ${target || '(none)'}`);
      }
      if (text === undefined) throw new StepFunctionsApiError('ValidationException', `The request is larger than ${MAX_REQUEST_BYTES} bytes`);
      let parsed: unknown;
      try {
        parsed = text ? JSON.parse(text) : {};
      } catch {
        throw new StepFunctionsApiError('SerializationException', 'The request body is not JSON');
      }
      body = (await operation(engine, parsed)) ?? {};
    } catch (error) {
      const known = error instanceof StepFunctionsApiError;
      status = known ? 400 : 500;
      body = {
        __type: known ? error.code : 'InternalFailure',
        message: known ? error.message : 'The local Step Functions endpoint failed; see the host log',
      };
      if (!known) console.error('step functions endpoint:', error);
    }
    const payload = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(payload),
      'x-amzn-requestid': crypto.randomUUID(),
      // A body refused unread leaves the connection unusable for another request.
      ...(text === undefined ? { connection: 'close' } : {}),
    });
    response.end(payload);
    if (text === undefined) response.once('finish', () => request.socket.destroySoon());
  });
}
