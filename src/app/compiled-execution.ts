import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  DocumentNode,
  ExecutionResult,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLType,
  Kind,
  OperationDefinitionNode,
  TypeNode,
  execute,
  getNamedType,
  getVariableValues,
  isInputObjectType,
  typeFromAST,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { logger } from '../platform/logger';

type Gateway = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayExecutor = Awaited<ReturnType<Gateway['load']>>['executor'];

/** An operation compiled, and whether graphql-js coerces its variables first (they reach a recursive input type). */
interface CompiledOperation {
  run: CompiledQuery;
  coercedFirst: boolean;
}

/** A document's compiled operations by name ('' for the only one); null where the document runs on graphql-js. */
type Compiled = Map<string, CompiledOperation | null>;

/**
 * Apollo Server's execution, compiled: operations run as JavaScript that graphql-jit generates once per document
 * (Apollo hands the same parsed document to every request that sends the same text), instead of graphql-js walking
 * the schema field by field for every row. Parsing, validation, the plugins and the answer's form stay Apollo's; it
 * is given this executor the way it is given a gateway's.
 *
 * graphql-jit also compiles each variable's parser, by inlining its input type: 10,000 rows of a publish mutation are
 * coerced several times faster than by graphql-js. That never ends for the recursive `where` types
 * (`and`/`or`/`not`), so an operation with such a variable has its variables coerced by graphql-js and handed to the
 * compiled form as they come out (`COERCED`). Variables that do not fit their types are refused by graphql-js
 * executing the request, so the refusal is its own message (Apollo makes it BAD_USER_INPUT); an unknown operation
 * name and a document graphql-jit cannot compile run on graphql-js too.
 */
export function compiledExecution(schema: GraphQLSchema): Gateway {
  const compiledByDocument = new WeakMap<DocumentNode, Compiled>();
  const config = schema.toConfig();
  const compilingSchema = new GraphQLSchema({ ...config, types: [...config.types, COERCED] });

  const compiledFor = (document: DocumentNode, operation: OperationDefinitionNode, operationName: string | undefined): CompiledOperation | null => {
    let compiled = compiledByDocument.get(document);
    if (!compiled) compiledByDocument.set(document, (compiled = new Map()));
    const name = operationName ?? '';
    if (!compiled.has(name)) {
      const coercedFirst = (operation.variableDefinitions ?? []).some((v) => reachesItself(typeFromAST(schema, v.type)));
      const run = coercedFirst ? compile(compilingSchema, withCoercedVariables(document), operationName) : compile(schema, document, operationName);
      compiled.set(name, run && { run, coercedFirst });
    }
    return compiled.get(name)!;
  };

  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context }) => {
    const viaGraphqlJs = () =>
      execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName }) as Promise<ExecutionResult>;
    // No operation of that name: graphql-js's refusal, which Apollo answers as OPERATION_RESOLUTION_FAILURE.
    if (!operation) return viaGraphqlJs();
    const compiled = compiledFor(document, operation, operationName ?? undefined);
    if (!compiled) return viaGraphqlJs();
    let variables = request.variables ?? {};
    if (compiled.coercedFirst) {
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
      if (coerced.errors) return viaGraphqlJs();
      variables = coerced.coerced;
    }
    const result = await compiled.run.query(undefined, context, variables);
    // No data at all: the variables were refused before any field ran.
    if (result.data === undefined && result.errors?.length) return viaGraphqlJs();
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

/** Whether an input type contains itself, through its fields, lists and non-nulls. */
function reachesItself(type: GraphQLType | undefined): boolean {
  const onPath = new Set<GraphQLInputObjectType>();
  const cleared = new Set<GraphQLInputObjectType>();
  const visitType = (t: GraphQLType): boolean => {
    const named = getNamedType(t);
    if (!isInputObjectType(named) || cleared.has(named)) return false;
    if (onPath.has(named)) return true;
    onPath.add(named);
    const found = Object.values(named.getFields()).some((field) => visitType(field.type));
    onPath.delete(named);
    if (!found) cleared.add(named);
    return found;
  };
  return !!type && visitType(type);
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
