import streamlit as st

st.title("subgroups")
