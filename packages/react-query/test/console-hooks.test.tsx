import { act, renderHook, waitFor } from '@testing-library/react'
import { getAgentProfile, getAgentProfiles } from '@uc-conversation/core/operations'
import { afterEach, describe, expect, it } from 'vitest'
import {
  conversationKeys,
  useAgentProfile,
  useConversationAutocomplete,
  useConversationDepartmentMembers,
  useConversationDepartments,
  useConversationEngagements,
  useConversationPermissions,
  useConversationSearch,
  useUpdateAgentProfile,
} from '../src'
import { createHarness, type Harness } from './harness'

let h: Harness
afterEach(async () => {
  await h?.close()
})

describe('console hooks (in-process emulator)', () => {
  it('useConversationSearch and useConversationAutocomplete: one request per distinct request, cached', async () => {
    h = createHarness({ socket: false })
    h.emulator.customers.arrive({
      queue: 'support',
      name: 'Zelda Quux',
      email: 'zelda@example.com',
      question: 'Hi',
    })
    h.emulator.customers.arrive({ queue: 'support', name: 'Other Person', question: 'Hello' })
    const { result, rerender } = renderHook(
      ({ text }: { text: string }) => ({
        search: useConversationSearch({ text_search: text }),
        complete: useConversationAutocomplete({ field: 'email', term: 'zel' }),
      }),
      { wrapper: h.wrapper, initialProps: { text: 'zelda' } },
    )
    await waitFor(() =>
      expect(result.current.search.isSuccess && result.current.complete.isSuccess).toBe(true),
    )
    expect(result.current.search.data?.records).toHaveLength(1)
    expect(result.current.complete.data?.results?.map((r) => r.value)).toEqual(['zelda@example.com'])
    rerender({ text: 'hello' })
    await waitFor(() => expect(result.current.search.data?.records).toHaveLength(1))
    rerender({ text: 'zelda' })
    // Back to a request already cached: shown at once (and refreshed in the background: staleTime 0).
    expect(result.current.search.data?.records).toHaveLength(1)
    expect(result.current.search.isPlaceholderData).toBe(false)
    await waitFor(() => expect(result.current.search.isFetching).toBe(false))
    expect(h.count(/^POST \/conversation\/conversations\/search$/)).toBe(3)
    expect(h.count(/^POST \/conversation\/conversations\/autocomplete$/)).toBe(1)
  })

  it('useUpdateAgentProfile: useAgentProfile takes the answer without a reload; the profile list is invalidated', async () => {
    h = createHarness({ socket: false })
    await h.queryClient.prefetchQuery({
      queryKey: conversationKeys.operation(getAgentProfiles, []),
      queryFn: () => h.client.call(getAgentProfiles),
    })
    const { result } = renderHook(() => ({ profile: useAgentProfile(), update: useUpdateAgentProfile() }), {
      wrapper: h.wrapper,
    })
    await waitFor(() => expect(result.current.profile.isSuccess).toBe(true))
    const loads = h.count(/^GET \/conversation\/agent\/profile$/)
    expect(loads).toBe(1)
    await act(() => result.current.update.mutateAsync({ chat_limit: 7, default_status: 'busy' }))
    expect(result.current.profile.data?.agent_profile).toMatchObject({
      chat_limit: 7,
      default_status: 'busy',
    })
    expect(h.count(/^GET \/conversation\/agent\/profile$/)).toBe(loads)
    expect(h.queryClient.getQueryState(conversationKeys.operation(getAgentProfiles, []))?.isInvalidated).toBe(
      true,
    )
    expect(h.queryClient.getQueryData(conversationKeys.operation(getAgentProfile, []))).toBe(
      result.current.profile.data,
    )
  })

  it('departments, their members, engagements and permissions', async () => {
    h = createHarness({ socket: false })
    const { result } = renderHook(
      () => ({
        departments: useConversationDepartments(),
        members: useConversationDepartmentMembers(),
        engagements: useConversationEngagements(),
        permissions: useConversationPermissions(),
      }),
      { wrapper: h.wrapper },
    )
    await waitFor(() => expect(Object.values(result.current).every((q) => q.isSuccess)).toBe(true))
    expect(result.current.departments.data?.conversation_departments).toBeInstanceOf(Array)
    expect(result.current.members.data?.conversation_department_members).toBeInstanceOf(Array)
    expect(result.current.engagements.data?.conversation_engagements).toBeInstanceOf(Array)
    expect(result.current.permissions.data?.permissions).toBeDefined()
    expect([...h.requests].sort()).toEqual([
      'GET /conversation/department_members',
      'GET /conversation/departments',
      'GET /conversation/engagements',
      'GET /conversation/permissions',
    ])
  })
})
