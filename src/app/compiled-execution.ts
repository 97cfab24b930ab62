import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  DocumentNode,
  ExecutionResult,
  GraphQLError,
  GraphQLScalarType,
  GraphQLSchema,
  Kind,
  TypeNode,
  execute,
  getVariableValues,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { logger } from '../platform/logger';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = Awaited<ReturnType<Gateway['load']>>['executor'];

/** A document's compiled operations by name ('' for the only one); null where the document runs on graphql-js. */
type Compiled = Map<string, CompiledQuery | null>;

/**
 * Apollo Server's execution, compiled: queries run as JavaScript that graphql-jit generates once per document (Apollo
 * hands the same parsed document to every request that sends the same text), instead of graphql-js walking the
 * schema field by field for every row. Parsing, validation, the plugins and the answer's form stay Apollo's; it is
 * given this executor the way it is given a gateway's.
 *
 * Variables are coerced by graphql-js, as it would for its own execution, and given to the compiled query as they
 * come out (`COERCED`): graphql-jit generates a variable's parser by inlining its input type, which never ends for
 * the recursive `where` types (`and`/`or`/`not`). Variables that do not fit their types, mutations (their fields run
 * one after the other, on inputs of up to 10,000 rows coerced once) and a document graphql-jit cannot compile run on
 * graphql-js, so their answers and refusals are its own (Apollo makes a refused variable BAD_USER_INPUT).
 */
export function compiledExecution(schema: GraphQLSchema): Gateway {
  const compiledByDocument = new WeakMap<DocumentNode, Compiled>();
  const config = schema.toConfig();
  const compilingSchema = new GraphQLSchema({ ...config, types: [...config.types, COERCED] });

  const compiledFor = (document: DocumentNode, operationName: string | undefined): CompiledQuery | null => {
    let compiled = compiledByDocument.get(document);
    if (!compiled) compiledByDocument.set(document, (compiled = new Map()));
    const name = operationName ?? '';
    if (!compiled.has(name)) compiled.set(name, compile(compilingSchema, withCoercedVariables(document), operationName));
    return compiled.get(name)!;
  };

  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context }) => {
    const viaGraphqlJs = () =>
      execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName }) as Promise<ExecutionResult>;
    // No operation of that name: graphql-js's refusal, which Apollo answers as OPERATION_RESOLUTION_FAILURE.
    if (operation?.operation !== 'query') return viaGraphqlJs();
    const compiled = compiledFor(document, operationName ?? undefined);
    if (!compiled) return viaGraphqlJs();
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (variables.errors) return viaGraphqlJs();
    const result = await compiled.query(undefined, context, variables.coerced);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
  };

  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    load: async () => ({ schema, executor }),
    stop: async () => {},
  };
}

/**
 * graphql-jit's errors pass for GraphQLErrors but are built by its own constructor: no `extensions` object when the
 * cause has none (Apollo's formatting then fails, and the answer is a bare internal error without the error's code,
 * path or cause: a database outage would not be SERVICE_UNAVAILABLE). Each becomes the GraphQLError graphql-js would
 * have made.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const located = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  // graphql-js computes locations from AST nodes, which graphql-jit does not keep: its own are the same positions.
  Object.defineProperty(located, 'locations', { value: error.locations, enumerable: !!error.locations?.length });
  return located;
}

/** The type of every variable as graphql-jit compiles the document: values graphql-js has already coerced, taken as they are. */
const COERCED = new GraphQLScalarType({
  name: 'HubCoercedVariable',
  description: 'Compiled queries only: a variable graphql-js has coerced to its declared type.',
  parseValue: (value) => value,
  parseLiteral: (node) => valueFromASTUntyped(node),
});

/**
 * The document with each variable declared as COERCED, without its default (graphql-js applied it), but for
 * `Boolean` ones, which graphql-jit requires for `@skip`/`@include` (re-coercing a boolean changes nothing).
 */
function withCoercedVariables(document: DocumentNode): DocumentNode {
  const isBoolean = (type: TypeNode): boolean => (type.kind === Kind.NON_NULL_TYPE ? isBoolean(type.type) : type.kind === Kind.NAMED_TYPE && type.name.value === 'Boolean');
  return visit(document, {
    VariableDefinition: (definition) =>
      isBoolean(definition.type) ? definition : { ...definition, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: COERCED.name } }, defaultValue: undefined },
  });
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  try {
    const compiled = compileQuery(schema, document, operationName);
    if (isCompiledQuery(compiled)) return compiled;
    logger.warn({ errors: compiled.errors?.map((e) => e.message), operationName }, 'query not compiled: runs on graphql-js');
  } catch (error) {
    logger.warn({ err: error, operationName }, 'query not compiled: runs on graphql-js');
  }
  return null;
}
